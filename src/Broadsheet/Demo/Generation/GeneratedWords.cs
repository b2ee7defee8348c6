namespace Broadsheet.Demo.Generation;

// The vocabulary of generated demo content, all about the invented city of Harbourton (as the hand-written demo
// articles are). Real English words, so that search, stemming and ranking meet ordinary text.
internal static class GeneratedWords
{
    public static readonly string[] Places =
    [
        "Harbourton", "Eastbank", "Brickfields", "Fennel Hill", "Old Quay", "Ropewalk Lane", "Tanner's Bridge", "the River Quell",
        "Saltmarsh", "Northgate", "Kiln Street", "Lantern Square", "Gullhaven", "Westmoor", "the Harbour Road", "Chandlers Row",
        "Mill Green", "Copperfield", "the estuary", "St Bride's", "Larkspur Park", "Anchor Wharf", "Highcliff", "Daleside",
    ];

    public static readonly string[] Subjects =
    [
        "The council", "Councillors", "The harbour board", "Residents", "Traders", "Researchers at the university", "The fire service",
        "Parents", "Local businesses", "The transport authority", "Health officials", "The planning committee", "Campaigners",
        "Fishermen", "Teachers", "The port operator", "Volunteers", "The football club", "Landlords", "Tenants", "Cyclists",
        "The water company", "Museum curators", "Nurses", "Shopkeepers", "The police", "Farmers", "Environmental groups",
    ];

    /// <summary>Who does something in a headline: singular, as the verbs are.</summary>
    public static readonly string[] HeadlineSubjects =
    [
        "Council", "Harbour board", "University", "Mayor", "Fire service", "Transport authority", "Planning committee",
        "Port operator", "Football club", "Water company", "Museum", "Hospital trust", "School board", "Police chief",
        "Residents' group", "Traders' association", "Ferry company", "Theatre", "Regulator", "Opposition leader",
    ];

    public static readonly string[] HeadlineVerbs =
    [
        "approves", "rejects", "delays", "unveils", "backs", "warns over", "calls for", "votes on", "scraps", "defends",
        "celebrates", "questions", "launches", "halts", "expands", "reviews", "welcomes", "opposes", "pledges", "considers",
    ];

    public static readonly string[] Things =
    [
        "new tram route", "budget for parks", "housing plan", "sea wall repairs", "school expansion", "market reopening",
        "cycle lanes", "bus timetable", "harbour dredging", "flood defences", "library hours", "parking charges",
        "festival programme", "bridge closure", "wind farm", "youth centre", "river clean-up", "night ferry", "stadium plans",
        "waste collection", "rent controls", "hospital wing", "street lighting", "tree planting", "heritage trail",
        "swimming pool", "ferry fares", "allotment waiting list", "recycling scheme", "speed limits", "concert hall",
        "business rates", "coastal path", "primary school", "water meters", "summer regatta", "air quality report",
    ];

    public static readonly string[] Nouns =
    [
        "council", "budget", "plan", "route", "station", "harbour", "market", "school", "hospital", "bridge", "river", "park",
        "street", "district", "tram", "ferry", "bus", "residents", "traders", "workers", "families", "children", "students",
        "proposal", "decision", "report", "survey", "inquiry", "committee", "scheme", "project", "programme", "funding",
        "shortfall", "deadline", "meeting", "vote", "petition", "campaign", "festival", "season", "match", "crowd", "stadium",
        "weather", "storm", "flood", "drought", "forecast", "record", "temperature", "rainfall", "tide", "coast", "estuary",
        "wildlife", "birds", "seagrass", "trees", "energy", "turbines", "prices", "rents", "wages", "jobs", "shops", "visitors",
        "museum", "theatre", "library", "archive", "concert", "exhibition", "audience", "performance", "season", "volunteers",
        "consultation", "contract", "developer", "architects", "engineers", "inspectors", "police", "ambulance", "nurses",
        "doctors", "patients", "waiting list", "timetable", "fares", "passengers", "cyclists", "drivers", "parking", "traffic",
        "roadworks", "pavement", "housing", "homes", "flats", "tenants", "landlords", "planning application", "heritage", "quay",
    ];

    public static readonly string[] Adjectives =
    [
        "new", "long-awaited", "controversial", "ambitious", "modest", "costly", "popular", "temporary", "permanent", "local",
        "historic", "busy", "quiet", "small", "large", "final", "early", "late", "recent", "annual", "independent", "public",
        "private", "detailed", "revised", "original", "unusual", "crowded", "empty", "wet", "dry", "cold", "mild", "record",
        "second", "third", "joint", "urgent", "careful", "fresh", "striking", "overdue", "steady", "sharp", "gradual",
    ];

    public static readonly string[] Verbs =
    [
        "approved", "rejected", "delayed", "announced", "criticised", "welcomed", "questioned", "reviewed", "funded", "opened",
        "closed", "extended", "reduced", "increased", "postponed", "completed", "proposed", "published", "confirmed", "denied",
        "supported", "opposed", "measured", "recorded", "described", "expected", "estimated", "promised", "planned", "replaced",
        "repaired", "restored", "visited", "inspected", "surveyed", "organised", "attended", "launched", "cancelled", "praised",
    ];

    public static readonly string[] Connectives =
    [
        "after", "before", "while", "because", "although", "as", "since", "until", "once", "even though",
    ];

    public static readonly string[] Times =
    [
        "on Tuesday", "last week", "this morning", "on Friday evening", "earlier this year", "last month", "over the weekend",
        "in the spring", "by the end of the year", "within three years", "next summer", "since 2019", "for a decade",
        "on Monday night", "at dawn", "after midnight", "during the storm", "before the election", "in the autumn",
    ];

    public static readonly string[] Roles =
    [
        "a councillor for", "who chairs the residents' association in", "a shop owner in", "a teacher from", "who runs a café in",
        "a spokesperson for the council in", "a retired engineer from", "a nurse who lives in", "a researcher based in",
        "who has fished out of", "a student in", "the head of the traders' group in",
    ];

    public static readonly string[] SectionNames =
    [
        "News", "City", "Politics", "Business", "Sport", "Culture", "Science", "Environment", "Weather", "Opinion", "Education",
        "Health", "Transport", "Housing", "Food", "Travel", "Technology", "Books", "Music", "Letters",
    ];

    public static readonly string[] Topics =
    [
        "Transport", "Housing", "Budget", "Schools", "Football", "Rowing", "Weather", "Flooding", "Energy", "Wildlife", "Port",
        "Market", "Theatre", "Music", "Books", "Museums", "Health", "Hospitals", "Police", "Courts", "Planning", "Parks",
        "Cycling", "Trams", "Buses", "Ferries", "Elections", "Council", "Jobs", "Tourism", "Festivals", "Heritage", "Science",
        "Astronomy", "Climate", "Storms", "Fishing", "Farming", "Food", "Restaurants", "Retail", "Property", "Rents",
        "Universities", "Students", "Libraries", "Art", "Film", "Running", "Swimming", "Cricket", "Sailing", "Tides",
        "Air quality", "Recycling", "Water", "Roads", "Bridges", "Trees", "Allotments", "Charities", "Volunteering",
        "Obituaries", "Crime", "Fire service", "Ambulances", "Childcare", "Pensions", "Taxes", "Trade", "Shipping",
    ];

    public static readonly string[] FirstNames =
    [
        "Amara", "Bruno", "Celia", "Dmitri", "Elena", "Farid", "Greta", "Hamish", "Ines", "Jonah", "Keiko", "Lorcan", "Mira",
        "Nikolai", "Odile", "Pavel", "Quinn", "Rosa", "Stellan", "Tamsin", "Ugo", "Vera", "Wendell", "Ximena", "Yusuf", "Zofia",
        "Anselm", "Bettina", "Cormac", "Delphine", "Esme", "Florian", "Gideon", "Hedda", "Idris", "Juno", "Kasimir", "Leona",
        "Magnus", "Nell", "Orla", "Piet", "Rafaela", "Soren", "Thea", "Viggo", "Winifred", "Ansel", "Bianca", "Cyrus",
    ];

    public static readonly string[] Surnames =
    [
        "Ashdown", "Blackwood", "Carrow", "Dunmore", "Ellery", "Fairweather", "Gallow", "Hartigan", "Ingleby", "Jessop",
        "Kettleby", "Lindqvist", "Marchetti", "Northcott", "Okonkwo", "Penhallow", "Quarrie", "Rennard", "Saltonstall",
        "Thorncroft", "Underhill", "Varga", "Whitlock", "Yardley", "Zelenko", "Abernethy", "Brannock", "Castellane",
        "Drummond", "Esterhazy", "Fennimore", "Greyling", "Holloway", "Ivanova", "Jaramillo", "Kilbride", "Lachance",
        "Merriweather", "Nakamura", "Osei", "Pemberton", "Rookwood", "Sandoval", "Trevelyan", "Vance", "Wexford",
    ];

    public static readonly string[] JobTitles =
    [
        "City hall reporter", "Transport correspondent", "Political editor", "Business reporter", "Sports writer",
        "Arts critic", "Science correspondent", "Environment reporter", "Weather correspondent", "Education reporter",
        "Health correspondent", "Courts reporter", "Features writer", "Columnist", "Data reporter", "Photographer",
    ];

    public static readonly string[] CommentOpeners =
    [
        "I think", "Honestly,", "Agree with the above:", "Not sure about this.", "As someone who lives nearby,", "Good news.",
        "This is long overdue.", "Hard to believe", "Well written piece.", "Interesting that", "Does anyone know whether",
        "My neighbour says", "Same as last year:", "I was there and", "Typical.", "Fair point, but", "Thanks for reporting this.",
    ];

    public static readonly string[] SpamLines =
    [
        "Cheap replica watches, best prices online, visit now", "Earn money from home fast, no experience needed",
        "Best casino bonus codes this week only", "Lose weight in ten days with this one trick", "Buy followers instantly",
    ];

    public static readonly (string File, string Alt, string Caption)[] Images =
    [
        ("council-chamber", "Council chamber with curved rows of seats facing a raised dais", "The council chamber before the vote."),
        ("ferry", "A small ferry crossing a river towards a pier", "The ferry leaving Old Quay."),
        ("market", "Row of market stalls with striped awnings and crates of produce on a quayside", "Stalls at Old Quay market."),
        ("rain-over-river", "Rain falling from grey clouds over a river with an arched bridge", "Rain over the River Quell."),
        ("rowing", "Rowing eight with oars outstretched gliding along a river past a boathouse", "A crew training on the Quell."),
        ("stadium", "Football stadium with a green pitch, stands and four floodlight towers", "The ground on match day."),
        ("telescope", "Observatory dome with an open slit on a hill under a starry night sky", "The observatory on Fennel Hill."),
        ("theatre", "Theatre stage framed by red curtains with a single spotlight on the boards", "The Lantern Theatre's stage."),
        ("tram", "Tram on rails in a city street beneath an overhead wire", "A tram on Harbour Street."),
        ("wind-turbines", "Three offshore wind turbines standing in a calm sea under a pale sky", "Turbines off the coast."),
    ];
}

namespace Broadsheet.Demo;

// Demo content for a fresh installation: the sections and authors here, the articles in Demo/Articles/*.md.
// Everything -- the city of Harbourton, its council, people, clubs, companies and every quotation -- is
// invented. Any resemblance to real people or places is accidental.
internal static partial class DemoContent
{
    public static readonly DemoSection[] Sections =
    [
        new("city", "City", "Harbourton City Council, local government, transport and housing."),
        new("weather", "Weather", "Forecasts, records, storms and the River Quell."),
        new("science", "Science", "Research, discoveries and the night sky over Harbourton."),
        new("sport", "Sport", "Football, rowing, running and grassroots sport."),
        new("culture", "Culture", "Theatre, music, books, archives and festivals."),
        new("business", "Business", "Companies, markets, jobs and the port."),
        new("environment", "Environment", "Energy, wildlife, trees, parks and the estuary."),
    ];

    public static readonly DemoAuthor[] Authors =
    [
        new(
            "petra-vellacott",
            "Petra Vellacott",
            "City hall reporter",
            "Petra Vellacott has covered Harbourton City Council for nine years and has not yet missed a budget meeting."),
        new(
            "tomasz-brightwater",
            "Tomasz Brightwater",
            "Weather correspondent",
            "Tomasz Brightwater reports on the weather and the River Quell and keeps a rain gauge on his balcony in Eastbank."),
        new(
            "imogen-sallow",
            "Imogen Sallow",
            "Science editor",
            "Imogen Sallow trained as a marine biologist before turning to journalism and writes about research in and around the city."),
        new(
            "desmond-achterberg",
            "Desmond Achterberg",
            "Sports writer",
            "Desmond Achterberg follows football, rowing and everything in between from the press box at the Quayside Ground."),
        new(
            "nia-featherstone",
            "Nia Featherstone",
            "Arts and culture critic",
            "Nia Featherstone reviews theatre, music and exhibitions and still buys her tickets at the box office."),
        new(
            "rafael-quenby",
            "Rafael Quenby",
            "Business and environment reporter",
            "Rafael Quenby writes about the city's economy, its energy supply and its green spaces."),
    ];
}

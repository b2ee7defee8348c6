namespace Broadsheet.Demo;

// Demo content for a fresh installation. Everything here -- the city of Harbourton, its council, people,
// clubs, companies and every quotation -- is invented. Any resemblance to real people or places is accidental.
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

    public static readonly DemoArticle[] Articles =
    [
        new(
            Slug: "offshore-wind-farm-expansion-gets-the-go-ahead",
            Headline: "Offshore wind farm expansion gets the go-ahead",
            Standfirst: "Forty-two new turbines will more than double the output of the wind farm off the Harbourton coast.",
            Section: "environment",
            Authors: ["rafael-quenby"],
            Tags: ["Energy"],
            DaysAgo: 0,
            Hour: 15,
            Body: """
                A plan to add 42 turbines to the wind farm off Harbourton's coast has been approved, more than doubling the
                amount of electricity it can produce.

                Once complete, the wind farm is expected to generate enough electricity in a typical year for around 600,000
                homes. Construction is due to start in two years and will be based at the port of Harbourton.

                > "This is the biggest investment [in the city's economy] since the shipyards were at their peak," said
                > Mayor Agnes Wrayburn. "It means jobs at the port for decades."

                Fishing groups had raised concerns about the loss of fishing grounds during construction. The developer has
                agreed to fund a compensation scheme and to work with fishing crews on the timing of the works.

                The new turbines will be larger than the existing ones and will stand about 28 kilometres from the shore, so
                they will be barely visible from the city on most days.
                """,
            Image: new(
                "wind-turbines.svg",
                "Three offshore wind turbines standing in a calm sea under a pale sky",
                "The existing turbines off the Harbourton coast, seen from the harbour wall.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments:
            [
                new("Ingrid", "Great news for the port. My brother works on the maintenance boats and they have been hoping for this.", 30,
                [
                    new("Thaddeus", "Is it true they will hardly be visible from the coast? The current ones are quite close.", 55,
                    [
                        new("Rafael (Broadsheet)", "Yes -- the new turbines will be about 28 km out, more than twice as far as the existing ones.", 80, []),
                    ]),
                ]),
                new("Morwenna", "I hope the fishing compensation is generous. Small boats from Saltmarsh have already lost a lot.", 140, []),
            ]),
        new(
            Slug: "council-approves-new-tram-route-to-eastbank",
            Headline: "Council approves new tram route to Eastbank",
            Standfirst: "The 4.2-kilometre extension will link the riverside district to the central station, with the first trams expected " +
                "in three years.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Transport", "Planning"],
            DaysAgo: 0,
            Hour: 9,
            Body: """
                Harbourton City Council has approved plans for a tram extension to Eastbank, ending more than a decade of
                debate about how to connect the fast-growing riverside district to the city centre.

                Councillors voted 38 to 11 in favour on Tuesday evening after a four-hour meeting in which more than twenty
                residents spoke. The route will leave the existing line at Harbour Street, cross the River Quell on a
                rebuilt Tanner's Bridge and end at a new terminus beside Eastbank Park.

                > "This is the single most important transport decision this council [has taken] in a generation," said
                > Councillor Bram Olufemi-Hart, who chairs the transport committee. "Eastbank has doubled in size and it
                > still has one bus every twelve minutes."

                ## What happens next

                The council will now apply for the final construction permits and begin detailed design work. Officers
                expect the project to cost about 186 million, of which roughly two thirds would come from the regional
                transport fund.

                - Detailed design and ground surveys: the next 12 months
                - Utility diversions on Harbour Street: from next year
                - Bridge works and track laying: the following two years
                - First passenger trams: in about three years

                Opponents argued that the money would be better spent on more frequent buses. Councillor Gideon
                Marlowe-Teague, who leads the opposition group, said the plan was "a lot of concrete for a problem we could
                solve with timetables" and asked for an independent review of the cost estimate.

                Residents can read the full business case and the route maps on the [council's consultation
                page](https://example.org/harbourton/tram-eastbank).
                """,
            Image: new(
                "tram.svg",
                "Tram on rails in a city street beneath an overhead wire",
                "A new line would run from Harbour Street to the Eastbank terminus, crossing the Quell on the rebuilt Tanner's Bridge.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments:
            [
                new("Marguerite", "Finally. I have been waiting for this since we moved to Eastbank. The 7.40 bus is so full it just drives " +
                    "past my stop.", 14,
                [
                    new("Oskar", "Same here. Although three years is a long time to wait, and these projects always run late.", 32,
                    [
                        new("Marguerite", "True, but at least there is a date now. Before it was always \"under consideration\".", 47, []),
                    ]),
                    new("Felix", "Does anyone know if the bus service will be cut once the tram opens? That would be a step backwards for " +
                        "people on Ropewalk Lane.", 95, []),
                ]),
                new("Hannah", "The business case is worth reading if you have the time -- page 40 has the passenger forecasts. " +
                    "https://example.org/harbourton/tram-eastbank", 180, []),
                new("Dev", "I just hope they keep the cycle lane on Tanner's Bridge during the works.", 260, []),
            ]),
        new(
            Slug: "fennel-hill-observatory-spots-comet-visible-with-binoculars",
            Headline: "Fennel Hill Observatory spots a comet visible with binoculars",
            Standfirst: "The comet should be easiest to see low in the north-west sky shortly after dusk over the next two weeks.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Astronomy"],
            DaysAgo: 1,
            Hour: 21,
            Body: """
                Astronomers at the Fennel Hill Observatory say a comet now passing through the inner solar system should be
                visible from Harbourton with ordinary binoculars for the next two weeks.

                The comet was first photographed from the observatory last Thursday, when it appeared as a faint smudge with
                a short tail. It has brightened steadily since.

                > "Find a dark spot, let your eyes adjust for ten minutes, and look low in the north-west about an hour
                > after sunset," said Dr Oren Maddox-Lyle, the observatory's director. "It will look like a fuzzy star [with
                > a faint tail pointing away from the horizon]. It is a lovely sight."

                The comet is unlikely to become bright enough to see with the naked eye from the city centre, where
                streetlights wash out faint objects. Residents in Saltmarsh and the hill villages will have a better view.

                The observatory will open its telescopes to the public on Friday and Saturday evenings, weather permitting.
                """,
            Image: new(
                "telescope.svg",
                "Observatory dome with an open slit on a hill under a starry night sky",
                "The observatory on Fennel Hill, where staff first photographed the comet last week.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments:
            [
                new("Elsa", "Saw it last night from the top of Fennel Hill! Small but definitely there. My daughter was thrilled.", 40,
                [
                    new("Noor", "Which binoculars were you using? Mine are only 8x25, not sure that is enough.", 75,
                    [
                        new("Elsa", "10x50, borrowed from my father. 8x25 might just about work if the sky is really dark.", 95, []),
                        new("Noor", "Thanks Elsa, I will try from the beach at Saltmarsh.", 130, []),
                    ]),
                ]),
                new("Anselm", "Clouded out in Eastbank both nights. Fingers crossed for the weekend.", 320, []),
            ]),
        new(
            Slug: "harbourton-athletic-win-derby-with-late-header",
            Headline: "Harbourton Athletic win derby with late header",
            Standfirst: "Centre-back Joaquin Ferreira-Lund scored in the 89th minute to beat Quellside Rovers 2-1 in front of a sell-out crowd.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Football"],
            DaysAgo: 2,
            Hour: 21,
            Body: """
                Harbourton Athletic beat Quellside Rovers 2-1 at a sold-out Quayside Ground on Saturday, with centre-back
                Joaquin Ferreira-Lund heading the winner a minute from the end of normal time.

                Rovers had the better of the first half and went ahead after 27 minutes, when striker Danny Oakenshaw
                finished a quick counter-attack. Athletic equalised early in the second half through a low shot from
                midfielder Kenji Aldworth.

                The decisive moment came from a corner. Ferreira-Lund, who had not scored all season, rose above two
                defenders to head into the top corner.

                > "I just closed my eyes and jumped," the defender said afterwards. "Scoring in a derby [in front of our own
                > fans] is something I have dreamed about since I was a boy."

                The win lifts Athletic to fourth in the table, two points behind the leaders. Rovers drop to ninth.
                """,
            Image: new(
                "stadium.svg",
                "Football stadium with a green pitch, stands and four floodlight towers",
                "The Quayside Ground was sold out for the first derby of the season.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments:
            [
                new("Stanislav", "What a finish! Best atmosphere at the Quayside in years.", 25,
                [
                    new("Greta", "I was behind that goal. The noise when it went in -- unbelievable.", 38,
                    [
                        new("Stanislav", "Same end! We must have been a few rows apart.", 52, []),
                    ]),
                ]),
                new("Hamish", "Rovers fan here. Fair result, we stopped playing after the break. Congratulations to Athletic.", 90,
                [
                    new("Greta", "Respect for saying that. See you at the return fixture.", 110, []),
                ]),
            ]),
        new(
            Slug: "overnight-gale-brings-down-trees-across-brickfields",
            Headline: "Overnight gale brings down trees across Brickfields",
            Standfirst: "Gusts of up to 68 mph were recorded on the coast, and around 2,000 homes lost power for several hours.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Storms"],
            DaysAgo: 3,
            Hour: 19,
            Body: """
                A gale that swept across Harbourton overnight brought down more than 30 trees, most of them in Brickfields
                and along the old railway path, and left around 2,000 homes without power.

                The strongest gust, 68 mph, was measured at the harbour wall shortly after 3am. At Fennel Hill, gusts peaked
                at 57 mph.

                Council tree crews worked through the morning to clear roads. Chapel Street and part of Rope Walk were
                closed until midday, and a fallen beech tree damaged two parked cars in Orchard Terrace. No one was hurt.

                Power was restored to all but a few dozen homes by lunchtime, the electricity network operator said.

                Residents are asked to report fallen branches and damaged trees through the council's website rather than
                attempting to move them themselves.
                """,
            Image: null,
            Comments:
            [
                new("Ida", "The noise at about 3am was incredible. Our whole street was out in dressing gowns at first light looking at the " +
                    "big oak by the school.", 45,
                [
                    new("Caspar", "That oak survived. It was the two birches next to it that came down. Sad to see them go.", 70,
                    [
                        new("Ida", "I hope the council replants there.", 88, []),
                    ]),
                ]),
                new("Lennart", "Power came back at 11:40 in Orchard Terrace, for anyone wondering. Thanks to the crews who were out in that weather.", 200, []),
            ]),
        new(
            Slug: "wettest-month-on-record-at-fennel-hill-weather-station",
            Headline: "Wettest month on record at Fennel Hill weather station",
            Standfirst: "More than three times the usual rainfall fell on the city in thirty days, breaking a record that had stood since 1951.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Rainfall", "Flooding", "Storms"],
            DaysAgo: 3,
            Hour: 8,
            Body: """
                Harbourton has had its wettest month since records began at the Fennel Hill weather station, with 287
                millimetres of rain falling in thirty days -- more than three times the usual amount.

                The previous record, 241 millimetres, was set in 1951. Rain fell on 26 of the 30 days, and on four days more
                than 20 millimetres fell.

                > "It was not one single storm that did it, but a conveyor belt of them [coming in from the south-west],"
                > said Kasia Drummond-Pell, the duty forecaster at the station. "The ground simply never had a chance to dry
                > out."

                ## Effects on the city

                The River Quell rose to its highest level in six years, and the flood barriers at Old Quay were raised
                twice. Several footpaths along the river remain closed while the council checks them for damage.

                - Allotments in Saltmarsh Lane were under water for more than a week.
                - Two matches at the Quayside Ground were postponed.
                - The number 6 bus was diverted around Tanner's Bridge for four days.

                Forecasters expect drier, more settled weather over the coming fortnight, though the ground is likely to
                stay saturated for some time.
                """,
            Image: new(
                "rain-over-river.svg",
                "Rain falling from grey clouds over a river with an arched bridge",
                "Rain over the River Quell, which rose to its highest level in six years.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "lantern-theatre-reopens-after-two-year-restoration",
            Headline: "Lantern Theatre reopens after two-year restoration",
            Standfirst: "The 1890s playhouse has new seats, a lift and its original painted ceiling, uncovered during the works.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Theatre"],
            DaysAgo: 5,
            Hour: 19,
            Body: """
                The Lantern Theatre on Chapel Street reopened on Friday night after a two-year restoration, with a sold-out
                performance by the Harbourton Players.

                The work cost 9.6 million and included new seats, a lift to every level, better ventilation and a complete
                rewiring of the building. During the works, builders discovered the theatre's original painted ceiling
                hidden beneath a later plaster layer. It has now been restored.

                > "When the plaster came down and we saw the ceiling [for the first time in about eighty years], half the
                > team was in tears," said Teodora Vance-Ibarra, the theatre's artistic director. "It is the most beautiful
                > thing in the building."

                The theatre now has 612 seats, slightly fewer than before, because the new seats are wider and have more
                legroom. A quarter of tickets for every performance will be sold at a reduced price for under-26s.

                The opening season includes two new plays by local writers, a touring opera and a family show in the
                holidays.
                """,
            Image: new(
                "theatre.svg",
                "Theatre stage framed by red curtains with a single spotlight on the boards",
                "The restored stage of the Lantern Theatre, ready for its first performance in two years.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments:
            [
                new("Valentina", "We went on opening night. The ceiling really is stunning -- sit in the circle if you can.", 60,
                [
                    new("Henrik", "Is the lift working already? My mother uses a wheelchair and has not been able to go for years.", 95,
                    [
                        new("Valentina", "Yes, it goes to every level. We saw several wheelchair users in the stalls and the circle.", 120, []),
                        new("Henrik", "Wonderful, thank you. Booking tickets now.", 150, []),
                    ]),
                ]),
                new("Cosima", "Glad the under-26 tickets are back. That is how I started going to the theatre.", 400, []),
            ]),
        new(
            Slug: "old-quay-market-traders-report-busiest-quarter-in-a-decade",
            Headline: "Old Quay Market traders report their busiest quarter in a decade",
            Standfirst: "The traders' association credits the night food fair and the new ferry stop for bringing in more visitors.",
            Section: "business",
            Authors: ["rafael-quenby"],
            Tags: ["Markets"],
            DaysAgo: 8,
            Hour: 10,
            Body: """
                Traders at Old Quay Market have reported their busiest three months in a decade, with visitor numbers up 14
                per cent on the same period last year.

                The market's traders' association said takings had risen at most of its 96 stalls. Food stalls did best, but
                several craft and second-hand traders also reported strong sales.

                > "For years we heard that markets were finished," said Fintan Gallowglass, chair of the traders'
                > association. "What we are seeing is that people want somewhere [with real people behind the counter] to
                > spend a Saturday morning."

                The association said the night food fair and the new riverside walkway had both helped. It hopes the return
                of the Saltmarsh ferry, which will stop at the quay, will bring further visitors.

                Some traders warned, however, that rising energy costs for refrigerated stalls were eating into their
                profits.
                """,
            Image: new(
                "market.svg",
                "Row of market stalls with striped awnings and crates of produce on a quayside",
                "Visitor numbers at Old Quay Market were up 14 per cent on the same period last year.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "council-sets-out-draft-budget-with-focus-on-parks",
            Headline: "Council sets out draft budget with focus on parks and street repairs",
            Standfirst: "The spending plan for the coming year adds money for park maintenance and potholes while trimming back-office costs.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Budget", "Parks"],
            DaysAgo: 12,
            Hour: 14,
            Body: """
                Harbourton's draft budget for the coming year would put an extra 3.1 million into park maintenance and road
                repairs, paid for largely by cutting office space and merging two council departments.

                The plan, published on Monday, is the first full budget prepared by Councillor Sunita Kaltenbach since she
                took over the finance portfolio. It will be debated by the full council next month.

                > "Residents have told us very clearly [in the spring survey] that they notice the state of the parks and
                > the roads more than anything else we do," Councillor Kaltenbach said. "This budget follows that advice."

                The main changes proposed are:

                1. An extra 1.4 million for grass cutting, tree care and play areas in the city's 27 parks.
                2. An extra 1.7 million for pothole repairs and pavement resurfacing.
                3. Closing two of the four council office buildings and moving staff to the Civic Centre.
                4. Merging the planning and building control departments.

                The opposition group said it welcomed the extra money for parks but questioned whether the savings from the
                office closures had been counted twice. The council's chief finance officer is expected to publish a note on
                the figures before the debate.

                Residents can comment on the draft until the end of the month.
                """,
            Image: new(
                "council-chamber.svg",
                "Council chamber with curved rows of seats facing a raised dais",
                "The draft budget will be debated by the full council next month.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "university-team-maps-seagrass-meadows-in-the-estuary",
            Headline: "University team maps seagrass meadows in the estuary",
            Standfirst: "Underwater drones have found seagrass covering twice the area previously thought, which matters for fish and for carbon.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Research"],
            DaysAgo: 19,
            Hour: 12,
            Body: """
                Seagrass meadows in the Quell estuary cover around 84 hectares, twice as much as previously thought,
                according to a new survey by researchers at Harbourton University.

                The team used small underwater drones and sonar mounted on a survey boat to map the seabed over two summers.
                Earlier estimates were based on aerial photographs, which miss meadows in deeper or murkier water.

                > "Seagrass is a nursery for young fish, it calms the waves and it stores carbon in the mud," said Professor
                > Yewande Castellane, the marine ecologist who led the survey. "Finding twice as much of it [as we expected]
                > is genuinely good news."

                The researchers also found signs of damage from boat anchors in two areas near the harbour mouth. They are
                working with the harbour authority on a plan for eco-friendly moorings that do not drag along the seabed.

                The full results are published in the university's open research repository.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "review-the-lighthouse-keepers-daughter-at-the-lantern",
            Headline: "Review: The Lighthouse Keeper's Daughter at the Lantern",
            Standfirst: "A new play by Harbourton writer Wilfred Osei-Langley is quiet, patient and quietly devastating.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Theatre"],
            DaysAgo: 20,
            Hour: 21,
            Body: """
                Very little happens in the first half hour of The Lighthouse Keeper's Daughter, the new play at the Lantern
                Theatre, and that is its great strength.

                Wilfred Osei-Langley's script follows a woman who returns to the island lighthouse where she grew up, now
                automated and empty, to scatter her father's ashes. A storm traps her there for a night with a young
                engineer sent to repair the lamp.

                Maud Hollingsworth-Ade is superb as the daughter, speaking in short, guarded sentences that slowly open up
                as the night goes on. The set -- a single spiral staircase lit from below -- is simple and very effective.

                The second act sags a little when the engineer's own backstory takes over. But the final scene, played
                almost in silence as the lamp comes back on, is among the most moving things I have seen on a Harbourton
                stage.

                The Lighthouse Keeper's Daughter runs at the Lantern Theatre for three more weeks.
                """,
            Image: new(
                "theatre.svg",
                "Theatre stage framed by red curtains with a single spotlight on the boards",
                "The Lighthouse Keeper's Daughter runs at the Lantern Theatre for three more weeks.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "quell-rowing-club-crews-take-three-titles-at-regatta",
            Headline: "Quell Rowing Club crews take three titles at regatta",
            Standfirst: "The club's women's eight won its event for the fourth year in a row.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Rowing"],
            DaysAgo: 26,
            Hour: 18,
            Body: """
                The Quell Rowing Club won three events at the regional regatta on the weekend, including the women's eights
                title for the fourth consecutive year.

                The women's eight led from the start and finished a length and a half ahead of their nearest rivals. The
                club's junior coxless four and a veteran men's double sculls also won their finals.

                > "Four in a row was the goal from the day we started training," said captain Mireille Osterhout. "The
                > conditions were tough, with a headwind all the way down the course, but the crew never lost their rhythm."

                The club, which trains on the Quell from its boathouse below Tanner's Bridge, has seen its membership rise
                by a third in two years.
                """,
            Image: new(
                "rowing.svg",
                "Rowing eight with oars outstretched gliding along a river past a boathouse",
                "The women's eight led from the start of their final.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "northgate-housing-plan-goes-back-to-the-drawing-board",
            Headline: "Northgate housing plan goes back to the drawing board",
            Standfirst: "Developers have withdrawn their application for 640 homes on the former rail yard after objections about height and traffic.",
            Section: "city",
            Authors: ["petra-vellacott", "rafael-quenby"],
            Tags: ["Housing", "Planning"],
            DaysAgo: 33,
            Hour: 11,
            Body: """
                The developers behind a plan for 640 homes on the former Northgate rail yard have withdrawn their
                application, days before the city's planning committee was due to consider it.

                The scheme, which included three towers of up to 18 storeys, drew more than 900 objections. Many residents
                said the buildings would overshadow the terraced streets around Signal Road, and that the site's single
                access road could not cope with the extra traffic.

                > "We have listened, and we accept that the scheme [as submitted] did not win the support of the
                > neighbourhood," said Lorcan Ashby-Fenwick, a director of the development company. "We intend to come back
                > with a lower design and more open space."

                The council's own planning officers had recommended approval, subject to conditions on traffic management.
                The housing cabinet member, Councillor Pilar Northcote-Reyes, said she was disappointed by the delay because
                the city needed new homes, especially affordable ones.

                Under the withdrawn plan, 30 per cent of the homes would have been offered at below-market rents.
                Campaigners from the Signal Road Residents' Group said they were not against housing on the site but wanted
                buildings "closer to the height of the neighbourhood".

                A revised application is not expected before the end of the year.
                """,
            Image: new(
                "council-chamber.svg",
                "Council chamber with curved rows of seats facing a raised dais",
                "The planning committee had been due to decide on the Northgate scheme at its next meeting.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "students-launch-weather-balloon-to-31-kilometres",
            Headline: "Students launch weather balloon to 31 kilometres",
            Standfirst: "A camera carried by the balloon photographed the curve of the Earth before the payload parachuted into a field " +
                "near Saltmarsh.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Research", "Astronomy"],
            DaysAgo: 40,
            Hour: 16,
            Body: """
                A group of sixth-form students from Harbourton's Northgate Academy launched a weather balloon that climbed
                to 31 kilometres, more than three times the height of a passenger jet.

                The balloon carried a small box containing a camera, a temperature sensor and a GPS tracker. At its highest
                point, the temperature outside the box was minus 52C and the camera captured the thin blue line of the
                atmosphere against a black sky.

                After about two hours, the balloon burst as expected and the box parachuted down into a field near
                Saltmarsh, 38 kilometres from the launch site. The students found it using the tracker.

                > "We spent three months planning and about three minutes panicking when the signal disappeared," said
                > student Freya Ashdown-Mbeki. "It came back just before landing."

                The students plan to share their data with the Fennel Hill weather station and have published their
                photographs on [the school's project page](https://example.org/northgate-academy/balloon).
                """,
            Image: null,
            Comments:
            [
                new("Magnus", "Brilliant project. Those photos are stunning.", 60, []),
                new("Petronella", "My son was on the recovery team. He has not stopped talking about it for a week!", 120,
                [
                    new("Magnus", "He should be proud. Finding a small box in a field 38 km away is no small thing.", 150, []),
                ]),
            ]),
        new(
            Slug: "river-quell-flood-barriers-raised-for-the-first-time-this-year",
            Headline: "River Quell flood barriers raised for the first time this year",
            Standfirst: "High tides and heavy rain combined to push the river close to the top of its banks at Old Quay.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Flooding", "Rainfall"],
            DaysAgo: 47,
            Hour: 6,
            Body: """
                The movable flood barriers at Old Quay were raised early on Friday morning for the first time this year, as
                a high tide coincided with two days of heavy rain upstream.

                At its peak, the river stood 40 centimetres below the top of the quay wall. Without the barriers, officials
                said, water would probably have reached the ground floors of buildings on Wharf Street.

                > "The barriers did exactly what they were built to do," said Dr Hester Quayle, who leads the council's
                > flood resilience team. "But we are seeing them used more often, and that tells us something [about the
                > years ahead] that we should not ignore."

                The barriers were installed nine years ago after the flood that damaged more than 200 homes and businesses
                in the area. They were raised only once in their first three years of operation but have been used 14 times
                in the past two years.

                Wharf Street and the riverside path will remain closed until the barriers are lowered after the evening
                tide.
                """,
            Image: new(
                "rain-over-river.svg",
                "Rain falling from grey clouds over a river with an arched bridge",
                "The river was within 40 centimetres of the quayside at high tide.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "civic-orchestra-announces-free-concerts-in-the-parks",
            Headline: "Civic Orchestra announces free concerts in the parks",
            Standfirst: "Six outdoor concerts will take the orchestra to parks in every part of the city.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Music", "Parks"],
            DaysAgo: 52,
            Hour: 12,
            Body: """
                The Harbourton Civic Orchestra will give six free outdoor concerts in parks across the city this season, its
                largest outdoor programme so far.

                Each concert will last about an hour and feature familiar classical pieces alongside music by local
                composers. The orchestra is also inviting community choirs to join it on stage.

                The concerts will take place in:

                - Victoria Gardens
                - Eastbank Park
                - Brickfields Green
                - Northgate Rec
                - Fennel Hill Common
                - Saltmarsh Village Green

                > "We play in a lovely concert hall, but many people in this city have never walked through its doors," said
                > principal conductor Anneliese Okonjo-Hart. "So we are going to them."

                No tickets are needed. Audiences are encouraged to bring blankets and picnics.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "city-to-trial-car-free-sundays-on-the-riverfront",
            Headline: "City to trial car-free Sundays on the riverfront",
            Standfirst: "Quay Road will close to traffic on four Sundays so that residents can walk, cycle and picnic along the water.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Transport", "Parks"],
            DaysAgo: 58,
            Hour: 10,
            Body: """
                Quay Road, the busy route along the north bank of the River Quell, will close to motor traffic on four
                Sundays this season as part of a trial approved by the council's transport committee.

                Between 9am and 6pm on each of the four days, the 1.5-kilometre stretch from the Customs House to Weaver's
                Steps will be open only to people on foot, on bikes and in wheelchairs. Buses will be diverted along
                Chandler Street.

                Council officers said a similar one-off closure during last year's river festival attracted about 12,000
                visitors and caused fewer traffic problems than expected.

                Businesses along the road are divided. Cafes and bike-hire shops have welcomed the idea, but some
                shopkeepers worry that customers who drive in from outside the city will stay away.

                The council will count visitors, measure air quality and survey businesses before deciding whether to make
                the closures permanent.
                """,
            Image: null,
            Comments:
            [
                new("Ruth", "Lovely idea. My kids can finally ride their bikes somewhere that is not a car park.", 22,
                [
                    new("Tobias", "Agreed, as long as the buses on Chandler Street do not get stuck. That road is narrow.", 41, []),
                ]),
                new("Amir", "I run a shop on Quay Road and I am worried. Half my Sunday customers come by car.", 65,
                [
                    new("Ruth", "Maybe the trial will show more people come on foot? Worth a try for four days.", 90,
                    [
                        new("Amir", "Maybe. I will keep my own count and compare.", 130, []),
                    ]),
                ]),
            ]),
        new(
            Slug: "athletic-appoint-former-captain-as-head-coach",
            Headline: "Athletic appoint former captain as head coach",
            Standfirst: "Lachlan Verity, who played more than 300 games for the club, has signed a three-year contract.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Football"],
            DaysAgo: 61,
            Hour: 13,
            Body: """
                Harbourton Athletic have appointed their former captain Lachlan Verity as head coach on a three-year
                contract.

                Verity, 41, made 312 appearances for the club over eleven seasons and has spent the past four years coaching
                the under-21 team, several of whose players have since moved into the first team.

                > "This club [and this city] gave me everything as a player," Verity said at his first press conference. "I
                > want to build a team that the people of Harbourton recognise as their own -- hard-working, brave and fun
                > to watch."

                He replaces the previous coach, who left by mutual agreement last month after a run of six games without a
                win. Verity's first match in charge is at home on Saturday.
                """,
            Image: new(
                "stadium.svg",
                "Football stadium with a green pitch, stands and four floodlight towers",
                "Lachlan Verity's first match in charge is at the Quayside Ground on Saturday.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "tree-planting-target-met-a-year-early",
            Headline: "Tree planting target met a year early",
            Standfirst: "Volunteers and council crews have planted 20,000 trees across the city in four years.",
            Section: "environment",
            Authors: ["rafael-quenby"],
            Tags: ["Parks"],
            DaysAgo: 65,
            Hour: 10,
            Body: """
                Harbourton has met its target of planting 20,000 trees a year earlier than planned, the council has said.

                The trees have been planted in parks, along streets and in school grounds. Around a quarter were planted by
                volunteers at community planting days.

                The council said 91 per cent of the trees planted in the first two years had survived, helped by residents
                who signed up to water young trees near their homes during dry spells.

                A new target of 30,000 more trees over the next five years will focus on the parts of the city with the
                fewest trees, including parts of Brickfields and Northgate.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "why-harbourtons-fog-lingers-longer-than-its-neighbours",
            Headline: "Why Harbourton's fog lingers longer than its neighbours'",
            Standfirst: "The city's position on a cold estuary, surrounded by hills, makes it a natural trap for fog. Here is how it works.",
            Section: "weather",
            Authors: ["tomasz-brightwater", "imogen-sallow"],
            Tags: ["Research", "Rainfall"],
            DaysAgo: 74,
            Hour: 13,
            Body: """
                Anyone who commutes into Harbourton from the hill villages will know the experience: bright sunshine at
                home, then a wall of grey as the road drops into the valley. Our city gets roughly twice as many foggy
                mornings as towns twenty kilometres inland.

                ## A bowl of cold air

                On clear, calm nights, the ground loses heat quickly. Cold air is heavier than warm air, so it slides down
                the slopes of Fennel Hill and the ridges to the north and pools in the valley floor, where the city sits.

                ## Add water

                The estuary provides the other ingredient: moisture. When the cooled air above the river reaches its dew
                point, water vapour condenses into tiny droplets -- and that is fog.

                ## Why it stays

                Because the valley is enclosed, there is little wind to mix the fog away. It usually clears only when the
                sun has warmed the ground enough, which in the colder months may not happen until late morning, or at all.

                Researchers at Harbourton University are now placing small sensors on lamp posts across the city to study
                how the fog moves street by street. They hope the data will help predict which roads are likely to be worst
                affected on a given morning.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "old-quay-market-night-food-fair-returns",
            Headline: "Old Quay Market's night food fair returns",
            Standfirst: "More than 60 stalls will open on Friday evenings along the quayside.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Markets"],
            DaysAgo: 81,
            Hour: 15,
            Body: """
                The night food fair at Old Quay Market returns this Friday, with more than 60 stalls selling food from
                around the world along the quayside.

                The fair, which began as a small experiment six years ago, now attracts around 8,000 visitors on a typical
                evening. This year, for the first time, all stalls must use reusable or compostable plates and cups.

                Live music will be played from a stage on a moored barge, and the market hall will stay open late with craft
                and book stalls.

                The fair runs every Friday from 5pm to 11pm until the end of the season.
                """,
            Image: new(
                "market.svg",
                "Row of market stalls with striped awnings and crates of produce on a quayside",
                "The night food fair brings stalls to the quayside on Friday evenings.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "observatory-open-nights-return-with-a-new-telescope",
            Headline: "Observatory open nights return with a new telescope",
            Standfirst: "A 60-centimetre telescope funded by donations from residents is the largest in the region open to the public.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Astronomy"],
            DaysAgo: 86,
            Hour: 19,
            Body: """
                The Fennel Hill Observatory will restart its public open nights this week, with a new 60-centimetre
                telescope that staff say is the largest in the region available to the public.

                The telescope was paid for largely by donations from more than 1,400 residents after a two-year fundraising
                campaign. It replaces a smaller instrument that had been in use since the observatory opened.

                Open nights will run on Friday evenings and include:

                - a short talk about what is visible in the sky that night;
                - a turn at the new telescope and at two smaller portable ones;
                - a guided tour of the dome;
                - hot drinks in the visitor room if the sky clouds over.

                Tickets are free but must be booked in advance because numbers are limited.
                """,
            Image: new(
                "telescope.svg",
                "Observatory dome with an open slit on a hill under a starry night sky",
                "The observatory dome on Fennel Hill now houses a 60-centimetre telescope.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "council-votes-to-restore-ferry-service-to-saltmarsh",
            Headline: "Council votes to restore ferry service to Saltmarsh",
            Standfirst: "A passenger ferry across the estuary, withdrawn twelve years ago, will return with two small electric boats.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Transport"],
            DaysAgo: 97,
            Hour: 17,
            Body: """
                A passenger ferry between Old Quay and the village of Saltmarsh will return after an absence of twelve
                years, following a unanimous vote by the city council.

                The original service was withdrawn when the last diesel ferry failed its safety inspection and the council
                decided a replacement was too expensive. Since then, Saltmarsh residents without a car have faced a
                50-minute bus journey around the head of the estuary.

                > "It is an eight-minute crossing [by boat], and people have spent twelve years taking the long way round,"
                > said Councillor Bram Olufemi-Hart. "Today we fix that."

                The council will lease two electric boats, each carrying up to 60 passengers and 12 bicycles, from the
                Harbourton shipyard that is building them. Crossings will run every 20 minutes at peak times.

                Fares will match a single bus ticket, and the city's travel pass will be accepted. The service is expected
                to start within 18 months.
                """,
            Image: new(
                "ferry.svg",
                "Small passenger ferry crossing a wide estuary towards a low shoreline with houses",
                "Electric boats will make the eight-minute crossing between Old Quay and Saltmarsh.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "shipyard-wins-contract-to-build-two-electric-ferries",
            Headline: "Shipyard wins contract to build two electric ferries",
            Standfirst: "The order secures around 150 jobs at the yard for at least two years.",
            Section: "business",
            Authors: ["rafael-quenby"],
            Tags: ["Energy", "Transport"],
            DaysAgo: 104,
            Hour: 11,
            Body: """
                Harbourton's last remaining shipyard has won a contract to build two electric passenger ferries, securing
                around 150 jobs at the yard for at least two years.

                The boats will be used on the restored ferry route across the estuary to Saltmarsh. Each will carry up to 60
                passengers and charge from the grid at Old Quay in around ten minutes between crossings.

                > "Ten years ago people said this yard had no future," said managing director Ottoline Fairweather-Nkemelu.
                > "Now we are building the kind of boats [that every harbour will need], and we intend to build many more of
                > them."

                The yard will take on twelve new apprentices as part of the contract.
                """,
            Image: new(
                "ferry.svg",
                "Small passenger ferry crossing a wide estuary towards a low shoreline with houses",
                "The two new ferries will each carry up to 60 passengers and 12 bicycles.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "plans-for-new-stand-at-quayside-ground-approved",
            Headline: "Plans for new stand at Quayside Ground approved",
            Standfirst: "The 4,000-seat stand will replace the old wooden terrace along the river side of the ground.",
            Section: "sport",
            Authors: ["desmond-achterberg", "petra-vellacott"],
            Tags: ["Football", "Planning"],
            DaysAgo: 115,
            Hour: 17,
            Body: """
                Harbourton's planning committee has approved plans for a 4,000-seat stand at the Quayside Ground, home of
                Harbourton Athletic.

                The new stand will replace the wooden terrace on the river side of the ground, which has been closed since
                safety inspectors raised concerns about its roof. Once completed, the ground's capacity will rise from
                11,500 to about 14,000.

                Neighbours had raised concerns about noise and parking on match days. As a condition of approval, the club
                must fund extra buses from the central station on match days and keep the stand's floodlights dimmed after
                10pm.

                Construction is expected to take about 18 months, and the club hopes to play in front of the new stand for
                the start of the following season.
                """,
            Image: new(
                "stadium.svg",
                "Football stadium with a green pitch, stands and four floodlight towers",
                "The new stand will be built along the river side of the Quayside Ground.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "hailstorm-causes-brief-chaos-in-city-centre",
            Headline: "Hailstorm causes brief chaos in city centre",
            Standfirst: "Hailstones the size of peas covered streets in white within minutes on Tuesday afternoon.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Storms", "Transport"],
            DaysAgo: 121,
            Hour: 18,
            Body: """
                A short but intense hailstorm turned streets in central Harbourton white on Tuesday afternoon, causing
                drivers to pull over and shoppers to shelter in doorways.

                The storm lasted about twelve minutes. Hailstones up to eight millimetres across were reported in Market
                Square and on Harbour Street, and surface water briefly flooded the underpass at the central station.

                Forecasters at Fennel Hill said the storm was caused by a single, fast-growing shower cloud that formed over
                the hills to the west and drifted over the city.

                Trams were halted for around fifteen minutes while staff checked the overhead lines. Normal services resumed
                by early evening.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "dry-spell-leaves-reservoirs-at-sixty-per-cent",
            Headline: "Dry spell leaves reservoirs at sixty per cent",
            Standfirst: "The water company says there is no need for restrictions yet but asks residents to use water carefully.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Rainfall", "Heat"],
            DaysAgo: 121,
            Hour: 16,
            Body: """
                The reservoirs that supply Harbourton are 60 per cent full after seven weeks with almost no rain, compared
                with an average of 82 per cent at this point in the year.

                Only 19 millimetres of rain has fallen at Fennel Hill since the start of the dry spell, about a quarter of
                the usual amount.

                > "We are not at the point of restrictions, and we hope not to get there," said Callum Westerhout of the
                > regional water company. "But every litre [saved now] is a litre we do not have to worry about later."

                The company has asked households to avoid using sprinklers, to take shorter showers and to report leaks. It
                says it is also fixing more leaks on its own network, which loses about a fifth of the water it treats.

                Forecasters say there is a chance of showers at the weekend, but not enough to make a significant difference
                to reservoir levels.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "folk-festival-sells-out-in-record-time",
            Headline: "Folk festival sells out in record time",
            Standfirst: "All 5,000 weekend tickets for the Quell Valley Folk Festival were sold in under two hours.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Music"],
            DaysAgo: 133,
            Hour: 10,
            Body: """
                Tickets for this year's Quell Valley Folk Festival sold out in one hour and 52 minutes, a record for the
                event, which is now in its 22nd year.

                The festival takes place over three days in the grounds of Fennel Hill House. Organisers said demand had
                been driven by a line-up that mixes established folk artists with young bands from the city's music college.

                > "We never expected this," said festival director Bronwen Achterberg-Loy. "We will hold back a small number
                > of tickets [for people who could not buy online] and sell them in person at the festival office."

                Free fringe events will take place in pubs and cafes across the city during the festival weekend.
                """,
            Image: null,
            Comments:
            [
                new("Leopold", "Sold out before I even got through the queue. Very disappointing.", 20,
                [
                    new("Annika", "Same. Keep an eye on the official resale page, people do drop out. https://example.org/quell-folk/resale", 45,
                    [
                        new("Leopold", "Thanks, I did not know there was one.", 70, []),
                    ]),
                ]),
                new("Sorcha", "The fringe events are often the best part anyway. Last year I heard a fiddle trio in a laundrette.", 240, []),
            ]),
        new(
            Slug: "residents-asked-to-shape-plans-for-the-old-gasworks-site",
            Headline: "Residents asked to shape plans for the old gasworks site",
            Standfirst: "The council wants ideas for 11 hectares of empty land in Brickfields before any developer is chosen.",
            Section: "city",
            Authors: ["rafael-quenby"],
            Tags: ["Planning", "Housing"],
            DaysAgo: 140,
            Hour: 8,
            Body: """
                Harbourton City Council has launched a public consultation on the future of the former gasworks in
                Brickfields, one of the largest empty sites in the city.

                The 11-hectare site has been fenced off since the last gas holder was dismantled. The council bought the
                land last year and says it wants residents to help decide what it should contain before a development
                partner is appointed.

                Early options published by the council range from a mainly residential scheme with about 900 homes to a
                mixed plan with a school, a small park and workshops for local businesses.

                Drop-in sessions will be held at Brickfields Library on Tuesday and Thursday evenings for the next three
                weeks, and residents can also respond [online at the consultation
                portal](https://example.org/harbourton/gasworks).

                Ground clean-up on part of the site is expected to begin next year regardless of which option is chosen.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "womens-team-reach-cup-semi-final-for-the-first-time",
            Headline: "Women's team reach cup semi-final for the first time",
            Standfirst: "Harbourton Athletic Women beat a side two divisions above them on penalties.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Football"],
            DaysAgo: 147,
            Hour: 20,
            Body: """
                Harbourton Athletic Women reached the semi-finals of the national cup for the first time in the club's
                history after beating a team two divisions above them on penalties.

                The quarter-final finished 1-1 after extra time. Goalkeeper Solveig Amadi-Rourke saved two penalties in the
                shoot-out, and captain Aoife Lindgren-Moss scored the decisive kick.

                Around 3,200 supporters watched at the Quayside Ground, a record crowd for a women's match in the city.

                > "I could not hear myself think during the shoot-out," Lindgren-Moss said. "This crowd carried us through."

                The draw for the semi-finals takes place on Monday.
                """,
            Image: null,
            Comments:
            [
                new("Clementine", "Incredible night. My two girls play for the under-12s and they were screaming the whole shoot-out.", 15,
                [
                    new("Ruairi", "Amadi-Rourke's second save was world class.", 34,
                    [
                        new("Clementine", "Fully agree. Full strength dive to her left.", 49, []),
                    ]),
                ]),
                new("Bartholomew", "A record crowd and well deserved. The club should play more women's games at the main ground.", 300, []),
            ]),
        new(
            Slug: "study-finds-city-swifts-returning-earlier-each-year",
            Headline: "Study finds the city's swifts returning earlier each year",
            Standfirst: "Volunteers who have counted swifts over the rooftops for 25 years say the birds now arrive about a week earlier.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Research", "Parks"],
            DaysAgo: 152,
            Hour: 9,
            Body: """
                Swifts are arriving in Harbourton about a week earlier than they did 25 years ago, according to a study
                based on records kept by local birdwatchers.

                Volunteers from the Harbourton Bird Club have noted the date of the first swift seen over the city every
                year since the club's survey began. Researchers at Harbourton University analysed the records alongside
                temperature data from the Fennel Hill weather station.

                > "Swifts follow the insects, and the insects follow the temperature," said Dr Ottilie Brennan-Sato, who led
                > the analysis. "What the volunteers [have recorded] over 25 years shows that whole chain moving earlier."

                The study also found that the number of nesting pairs in the old town had fallen, probably because renovated
                roofs leave fewer gaps for nests. The bird club is asking homeowners to consider fitting swift boxes under
                their eaves.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "saltmarsh-restoration-brings-back-wading-birds",
            Headline: "Saltmarsh restoration brings back wading birds",
            Standfirst: "Breaching an old sea wall has turned former farmland into salt marsh, and the birds have followed.",
            Section: "environment",
            Authors: ["rafael-quenby", "imogen-sallow"],
            Tags: ["Research", "Flooding"],
            DaysAgo: 158,
            Hour: 8,
            Body: """
                Four years after an old sea wall near Saltmarsh village was deliberately breached, the fields behind it have
                become salt marsh -- and wading birds have returned in large numbers.

                Surveys this winter counted more than 3,000 birds feeding on the new marsh at high tide, including redshank,
                curlew and dunlin. Before the wall was breached, the fields were used for grazing and attracted very few
                waders.

                The project was designed partly to protect the city from flooding. The marsh absorbs some of the energy of
                storm waves and gives tidal water somewhere to spread out, reducing the pressure on flood defences further
                upstream.

                > "It is flood protection that also happens to be a nature reserve," said Dr Hester Quayle of the council's
                > flood resilience team.

                A footpath and bird hide on the edge of the marsh are open to the public.
                """,
            Image: new(
                "rain-over-river.svg",
                "Rain falling from grey clouds over a river with an arched bridge",
                "The restored marshes at the edge of the estuary now flood with every high tide.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "hottest-day-of-the-year-so-far-as-city-reaches-31c",
            Headline: "Hottest day of the year so far as city reaches 31C",
            Standfirst: "Health officials advise residents to check on older neighbours and to avoid strenuous activity in the afternoon.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Heat"],
            DaysAgo: 166,
            Hour: 15,
            Body: """
                Harbourton recorded its hottest day of the year so far on Sunday, with the temperature at Fennel Hill
                reaching 31.4C shortly after 3pm.

                It was even warmer in the city centre, where a sensor in Market Square recorded 33C. Cities are usually a
                few degrees warmer than the surrounding countryside because buildings and roads absorb heat during the day
                and release it slowly at night.

                > "The hot nights are the bigger health risk," said Dr Amara Lindqvist, the city's director of public
                > health. "If your home does not cool down [after dark], your body never gets a break."

                The council has opened six cool rooms in libraries and community centres, and the splash fountains in
                Eastbank Park and Victoria Gardens will stay on until 9pm.

                Residents are advised to:

                - drink water regularly, even if not thirsty;
                - keep curtains closed on sunny windows;
                - check on older neighbours and people living alone;
                - never leave children or animals in parked cars.

                Temperatures are expected to ease by midweek.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "city-archive-puts-ten-thousand-old-photographs-online",
            Headline: "City archive puts 10,000 old photographs online",
            Standfirst: "Images of Harbourton's streets, shipyards and people from the last 150 years can now be searched by address.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Research"],
            DaysAgo: 176,
            Hour: 11,
            Body: """
                The Harbourton City Archive has published more than 10,000 historic photographs online, allowing residents
                to search for pictures of their own street, school or workplace.

                The collection ranges from glass plate negatives of the harbour in the 1870s to colour slides of the old
                tram network before it closed. Many of the photographs have never been shown in public.

                > "People have been asking us for years [whether we have pictures of their house], and now they can find out
                > for themselves," said city archivist Ines Rookwood.

                Volunteers spent three years scanning and describing the images. The archive is now asking residents to help
                identify people and places in about 1,800 photographs that have no information attached.

                The collection can be explored on [the archive's website](https://example.org/harbourton-archive/photos).
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "annual-river-race-moved-because-of-high-water",
            Headline: "Annual river race moved because of high water",
            Standfirst: "The Quell Head Race will now take place a fortnight later than planned.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Rowing", "Flooding"],
            DaysAgo: 180,
            Hour: 9,
            Body: """
                The Quell Head Race, the city's biggest rowing event, has been postponed by two weeks because the river is
                running too high and too fast after heavy rain.

                Organisers said the current under Tanner's Bridge was too strong for junior and novice crews to race safely.
                More than 180 crews had entered the race, which runs for 4.5 kilometres from Saltmarsh Reach to the Customs
                House.

                Entries will be carried over to the new date, and crews that cannot attend will receive a full refund.

                The race was last postponed eleven years ago, when fog rather than floodwater made it impossible for umpires
                to see the course.

                Safety boats will still patrol the river at the weekend, and the club has asked recreational rowers to stay
                off the water until levels fall.
                """,
            Image: new(
                "rowing.svg",
                "Rowing eight with oars outstretched gliding along a river past a boathouse",
                "More than 180 crews had entered the head race on the Quell.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "council-tax-rise-capped-at-two-per-cent-after-long-debate",
            Headline: "Council tax rise capped at two per cent after long debate",
            Standfirst: "Councillors approved the budget shortly before midnight, after rejecting an amendment that would have frozen the tax.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Budget"],
            DaysAgo: 190,
            Hour: 20,
            Body: """
                Council tax in Harbourton will rise by two per cent from April after councillors approved the annual budget
                late on Wednesday, at the end of a debate that lasted more than six hours.

                For a typical household, the increase is about 34 a year. The council said the extra income would protect
                adult social care and the city's eight libraries, which had been listed for possible reductions in opening
                hours.

                > "Nobody in this chamber wants to ask residents for more money," said Mayor Agnes Wrayburn. "But the
                > alternative [to this rise] was closing libraries on Saturdays, and we were not prepared to do that."

                The opposition proposed freezing council tax and paying for the difference by delaying road resurfacing. The
                amendment was defeated by 31 votes to 18.

                > "A freeze is affordable this year if the council simply does less of what it is not good at," said
                > Councillor Gideon Marlowe-Teague.

                The final budget passed by 35 votes to 14, with two abstentions.
                """,
            Image: new(
                "council-chamber.svg",
                "Council chamber with curved rows of seats facing a raised dais",
                "The budget debate in the council chamber lasted more than six hours.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments:
            [
                new("Jonah", "Two per cent is less than I expected given everything else going up. Keeping the libraries open on Saturdays " +
                    "matters to a lot of families.", 30,
                [
                    new("Beatrix", "It is still another rise. The roads near me have not been resurfaced in fifteen years.", 58,
                    [
                        new("Jonah", "That is fair. Maybe the resurfacing money in the new budget will finally reach you.", 75, []),
                    ]),
                ]),
                new("Wilhelmina", "Was the meeting streamed? I would have liked to watch the debate.", 140,
                [
                    new("Petra (Broadsheet)", "Yes, the council streams all full meetings. The recording should be on the council's website " +
                        "within a couple of days.", 160, []),
                ]),
            ]),
        new(
            Slug: "harbourton-researchers-test-a-battery-made-from-sea-salt",
            Headline: "Harbourton researchers test a battery made from sea salt",
            Standfirst: "A sodium-based battery developed at the university is being tested at the port to store power from the wind farm.",
            Section: "science",
            Authors: ["imogen-sallow", "rafael-quenby"],
            Tags: ["Research", "Energy"],
            DaysAgo: 204,
            Hour: 14,
            Body: """
                Engineers at Harbourton University are testing a large battery that uses sodium, the main ingredient of sea
                salt, instead of lithium to store electricity.

                The battery, the size of a shipping container, has been installed at the port, where it stores power from
                the offshore wind farm on windy nights and releases it during the morning peak.

                Sodium batteries are heavier and store less energy per kilogram than lithium ones, which makes them less
                suited to cars and phones. But for batteries that stay in one place, weight matters less, and sodium is
                cheap and plentiful.

                > "We are not trying to beat lithium at everything," said Dr Ravi Oyelaran-Kent, who leads the project. "We
                > are trying to build something cheap, safe and long-lasting that can sit quietly [at the port] for twenty
                > years."

                The trial will run for two years.
                """,
            Image: new(
                "wind-turbines.svg",
                "Three offshore wind turbines standing in a calm sea under a pale sky",
                "The test battery stores power from the offshore wind farm on windy nights.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "sunniest-season-in-a-decade-says-weather-station",
            Headline: "Sunniest season in a decade, says weather station",
            Standfirst: "The city logged 702 hours of sunshine in three months, the most since the station installed its current recorder.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Heat", "Research"],
            DaysAgo: 214,
            Hour: 11,
            Body: """
                The past three months have been the sunniest in Harbourton for a decade, according to figures from the
                Fennel Hill weather station.

                The station's sunshine recorder logged 702 hours of bright sunshine, about 18 per cent above the long-term
                average. Rainfall over the same period was slightly below normal.

                Staff at the station said a persistent area of high pressure to the north had kept most rain-bearing weather
                systems away from the coast.

                The offshore wind farm had a weaker season than usual, as the calm conditions that brought the sunshine also
                meant lighter winds. Solar panels on the city's public buildings, by contrast, produced more electricity
                than in any comparable period since they were installed.
                """,
            Image: new(
                "wind-turbines.svg",
                "Three offshore wind turbines standing in a calm sea under a pale sky",
                "Clear skies over the estuary were a common sight over the past three months.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "city-marathon-route-changes-to-avoid-roadworks",
            Headline: "City marathon route changes to avoid roadworks",
            Standfirst: "Runners will now cross the Quell twice and finish in Victoria Gardens rather than Market Square.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Transport", "Parks"],
            DaysAgo: 222,
            Hour: 7,
            Body: """
                The Harbourton Marathon will follow a new route this year to avoid tram works on Harbour Street, organisers
                have announced.

                The course will now cross the River Quell twice, on Tanner's Bridge and the Weaver's Steps footbridge, and
                finish in Victoria Gardens instead of Market Square.

                Organisers said the new route was slightly flatter and might produce faster times. It has been measured and
                approved by the national athletics body.

                > "We know many runners love the finish in Market Square," said race director Imre Castellanos-Webb. "But
                > the gardens give us much more space [for the finish area], and families can picnic while they wait."

                Roads along the route will close from 7am to 3pm on race day.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "how-to-watch-the-meteor-shower-from-the-city",
            Headline: "How to watch the meteor shower from the city",
            Standfirst: "You do not need a telescope. You need patience, a dark corner and a warm coat.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Astronomy"],
            DaysAgo: 238,
            Hour: 17,
            Body: """
                One of the year's best meteor showers peaks this week, and Harbourton residents have a good chance of seeing
                it if the skies stay clear.

                Meteors are specks of dust left behind by a comet, burning up as they hit the atmosphere at high speed. At
                the peak, observers in dark places can see one every minute or two.

                ## A step-by-step guide

                1. Check the forecast. Cloud is the biggest enemy.
                2. Get away from streetlights. A park, a beach or the top of Fennel Hill all work.
                3. Give your eyes twenty minutes to adjust, and do not look at your phone.
                4. Lie back and look about halfway up the sky. Meteors can appear anywhere.
                5. Be patient. They often come in little bursts after quiet spells.

                The best viewing is after midnight, when the part of the Earth you are standing on faces into the stream of
                dust.
                """,
            Image: new(
                "telescope.svg",
                "Observatory dome with an open slit on a hill under a starry night sky",
                "Fennel Hill is one of the darker spots within the city limits.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "council-switches-streetlights-to-led-across-the-city",
            Headline: "Council switches streetlights to LED across the city",
            Standfirst: "The remaining 10,000 older lamps will be replaced over 18 months, cutting the lighting bill by more than half.",
            Section: "environment",
            Authors: ["rafael-quenby", "petra-vellacott"],
            Tags: ["Energy", "Budget"],
            DaysAgo: 241,
            Hour: 12,
            Body: """
                Harbourton will replace its remaining 10,000 sodium streetlights with LED lamps over the next 18 months,
                after the council's cabinet approved a 6 million programme.

                The decision follows a review ordered by the mayor after the city's lighting bill rose sharply. The council
                expects the switch to cut the bill for street lighting by 55 per cent and to pay for itself in about eight
                years.

                The new lamps produce a whiter light and can be dimmed remotely. The council said lights on residential
                streets would be dimmed to half brightness between midnight and 5am, but main roads and crossings would
                remain at full brightness.

                Astronomers at the Fennel Hill Observatory welcomed the plan, as modern lamps send less light upwards into
                the sky.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "independent-bookshop-opens-third-branch",
            Headline: "Independent bookshop opens its third branch",
            Standfirst: "Quire and Quill will open in one of the council-owned units near Old Quay Market.",
            Section: "business",
            Authors: ["rafael-quenby"],
            Tags: ["Markets", "Housing"],
            DaysAgo: 250,
            Hour: 9,
            Body: """
                Quire and Quill, the independent bookshop that began as a market stall nine years ago, will open its third
                shop in one of the empty units bought by the council near Old Quay Market.

                The new branch will specialise in children's books and will host weekly story sessions. The business already
                runs shops in Northgate and Fennel Hill.

                Owner Jasper Nwachukwu-Lyle said the reduced rent offered by the council had made the move possible. The
                flat above the shop will be let as an affordable home.

                The shop is expected to open within three months.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "new-bus-lanes-on-mill-road-to-open-next-month",
            Headline: "New bus lanes on Mill Road to open next month",
            Standfirst: "The lanes are expected to cut journey times on the city's busiest bus corridor by up to six minutes at rush hour.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Transport"],
            DaysAgo: 260,
            Hour: 7,
            Body: """
                Two new bus lanes on Mill Road will open next month, the council has confirmed, after six months of
                roadworks that caused long queues for drivers and passengers alike.

                The lanes run in both directions between the Fennel Hill roundabout and the central station and will operate
                from 7am to 10am and from 4pm to 7pm on weekdays. Outside those hours, all vehicles may use them.

                Traffic modelling suggests that buses on routes 3, 8 and 14 will save up to six minutes on a typical
                rush-hour journey. Around 22,000 passengers use those routes on an average weekday.

                Cameras will enforce the lanes, but the council said drivers would receive warning letters rather than fines
                for the first month.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "citizen-scientists-count-four-thousand-moths-in-one-night",
            Headline: "Citizen scientists count 4,000 moths in one night",
            Standfirst: "A night-time survey in the city's parks recorded 212 species, including two not seen in Harbourton for decades.",
            Section: "science",
            Authors: ["imogen-sallow"],
            Tags: ["Research", "Parks"],
            DaysAgo: 272,
            Hour: 8,
            Body: """
                Volunteers counted more than 4,000 moths of 212 species during a single night-time survey across eight of
                Harbourton's parks, organisers said.

                The survey used light traps, which attract moths into a box where they rest unharmed until they can be
                identified and released in the morning.

                Two of the species found, both small moths that feed on wetland plants, had not been recorded in the city
                for more than 30 years. Both were found near the restored ponds in Eastbank Park.

                > "Moths are a brilliant measure of how healthy a place is," said survey organiser Gwendolyn Achebe-Frost.
                > "Two species coming back [after thirty years] tells us the ponds are working."

                Results will be added to the regional wildlife records.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "street-piano-project-brings-music-to-stations",
            Headline: "Street piano project brings music to stations",
            Standfirst: "Eight donated pianos, painted by local artists, have been placed in stations and squares.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Music", "Transport"],
            DaysAgo: 290,
            Hour: 14,
            Body: """
                Commuters at Harbourton's central station have been greeted by an unexpected sound this week: a piano,
                played by anyone who cares to sit down.

                The instrument is one of eight donated pianos placed in stations and public squares across the city as part
                of a summer arts project. Each has been painted by a different local artist.

                In the first three days, staff at the central station counted more than 300 people playing the piano there,
                from beginners picking out a tune to a retired concert pianist.

                > "A piano in a station is a small thing," said project organiser Saoirse Valdivia. "But it makes strangers
                > stop and listen to each other."

                The pianos will stay in place for eight weeks, after which they will be donated to schools.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "weather-station-on-fennel-hill-marks-ninety-years",
            Headline: "Weather station on Fennel Hill marks ninety years of records",
            Standfirst: "Volunteers and staff have read the instruments every day since 1934, building one of the longest records in the region.",
            Section: "weather",
            Authors: ["tomasz-brightwater"],
            Tags: ["Research", "Rainfall"],
            DaysAgo: 301,
            Hour: 10,
            Body: """
                The weather station on Fennel Hill has marked ninety years of continuous records, a milestone celebrated
                with an open day for residents.

                Since the station opened, someone has read its thermometers and rain gauge every single day. For the first
                fifty years, the readings were written by hand in ledgers, which are now kept in the city archive.

                > "There are days in those ledgers when the observer [in the 1940s] walked up the hill through deep snow,
                > just to take a reading," said station manager Kasia Drummond-Pell. "That dedication is why the record is
                > so valuable today."

                The readings show that the city's average temperature has risen by about 1.3C over the ninety years, and
                that heavy downpours have become more frequent.

                Most instruments are now automatic, but volunteers still take a manual reading each morning to check them.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "community-solar-roof-scheme-signs-up-300-homes",
            Headline: "Community solar roof scheme signs up 300 homes",
            Standfirst: "Residents in Brickfields are pooling their money to put solar panels on terraced houses and a school.",
            Section: "environment",
            Authors: ["rafael-quenby"],
            Tags: ["Energy", "Housing"],
            DaysAgo: 311,
            Hour: 18,
            Body: """
                More than 300 households in Brickfields have joined a community scheme to put solar panels on their roofs,
                organisers said, making it one of the largest of its kind in the region.

                Members buy the panels together, which lowers the price, and a local cooperative handles installation and
                maintenance. The scheme has also fitted panels on the roof of Brickfields Primary School, which sells its
                surplus electricity to neighbours.

                > "Terraced streets are perfect for this," said coordinator Priya Lindqvist-Moss. "Lots of roofs [facing the
                > same way], close together, with neighbours who already talk to each other."

                Households in the scheme expect to save between 200 and 400 a year on their electricity bills. A second
                round of sign-ups will open next month.
                """,
            Image: null,
            Comments:
            [
                new("Bernadette", "We joined in the first round. The panels went up in a day and the installers were very tidy.", 50,
                [
                    new("Gustav", "How long did it take to get approval? Our house is in the conservation area.", 80,
                    [
                        new("Bernadette", "We are not in the conservation area, so it was quick. I think the cooperative can help with the " +
                            "paperwork though.", 105, []),
                    ]),
                ]),
                new("Yusuf", "Lovely to see the school involved. My kids now check the solar display in the school hall every morning.", 210, []),
            ]),
        new(
            Slug: "mayor-announces-review-of-street-lighting-costs",
            Headline: "Mayor announces review of street lighting costs",
            Standfirst: "The city's electricity bill for street lights has risen by 40 per cent in two years.",
            Section: "city",
            Authors: ["petra-vellacott"],
            Tags: ["Budget", "Energy"],
            DaysAgo: 330,
            Hour: 12,
            Body: """
                Mayor Agnes Wrayburn has asked council officers to review the cost of Harbourton's street lighting after the
                city's electricity bill for its 31,000 lamps rose by 40 per cent in two years.

                About a third of the lamps still use older sodium bulbs, which use roughly twice as much power as modern LED
                units. Replacing them all would cost an estimated 6 million, but officers believe the investment would pay
                for itself within eight years.

                > "We are literally paying to light the sky," the mayor told a meeting of the cabinet. "I want a plan [for
                > the remaining old lamps] on my desk by the summer."

                The review will also consider dimming lights on quiet residential streets after midnight, a measure already
                used in several neighbourhoods. Road safety campaigners have asked to be consulted before any further
                dimming is introduced.
                """,
            Image: new(
                "council-chamber.svg",
                "Council chamber with curved rows of seats facing a raised dais",
                "The mayor raised the cost of street lighting at a meeting of the cabinet.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "youth-rowing-scheme-doubles-in-size",
            Headline: "Youth rowing scheme doubles in size",
            Standfirst: "Free taster sessions for 12 to 16-year-olds are now running at two boathouses on the Quell.",
            Section: "sport",
            Authors: ["desmond-achterberg"],
            Tags: ["Rowing", "Parks"],
            DaysAgo: 348,
            Hour: 16,
            Body: """
                A scheme offering free rowing sessions to teenagers in Harbourton has doubled in size in its second year,
                with 240 young people taking part.

                The sessions, run by the Quell Rowing Club with volunteers from the university boat club, now take place at
                two boathouses. No experience is needed, but participants must be able to swim 50 metres.

                > "Rowing used to be seen as a sport for a few schools," said coach Tendai Wolstenholme. "Most of the kids
                > here have never been in a boat before, and some are now racing for the club."

                The scheme is funded for another three years by a grant from the council's sports fund.
                """,
            Image: new(
                "rowing.svg",
                "Rowing eight with oars outstretched gliding along a river past a boathouse",
                "Sessions now run from two boathouses on the River Quell.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "port-traffic-falls-for-the-second-year-running",
            Headline: "Port traffic falls for the second year running",
            Standfirst: "Cargo handled at Harbourton's port fell by six per cent, but the port authority expects offshore wind work to make " +
                "up the difference.",
            Section: "business",
            Authors: ["rafael-quenby"],
            Tags: ["Transport", "Energy"],
            DaysAgo: 366,
            Hour: 13,
            Body: """
                The amount of cargo handled at the port of Harbourton fell by six per cent last year, the second annual fall
                in a row, according to figures from the port authority.

                The decline was mainly in bulk cargo such as grain and timber. Container traffic was stable, and the number
                of cruise ship visits rose slightly.

                The port authority said it expected growth in the coming years from work on the offshore wind farm, which
                will use the port as its main base for construction and maintenance.

                > "The port has changed many times in three hundred years," said chief executive Leontine Arkwright-Obi.
                > "Wind [and the work that comes with it] is the next change."

                The authority plans to invest in a new quay for heavy lifting equipment.
                """,
            Image: null,
            Comments: []),
        new(
            Slug: "youth-theatre-company-stages-a-play-on-a-moored-barge",
            Headline: "Youth theatre company stages a play on a moored barge",
            Standfirst: "The Harbourton Young Company's new production floats, quite literally, at the end of Wharf Street.",
            Section: "culture",
            Authors: ["nia-featherstone"],
            Tags: ["Theatre", "Markets"],
            DaysAgo: 384,
            Hour: 19,
            Body: """
                Audiences for the Harbourton Young Company's latest production will need to mind the gap -- the stage is a
                converted cargo barge moored at the end of Wharf Street.

                The play, written by the company's members, who are aged 14 to 19, follows three generations of a family who
                worked on the river. Scenes move from the deck to the hold, and the audience moves with them.

                > "The barge creaks, the tide comes in, gulls join in at the worst moments," said director Rosalind
                > Achebe-Thorne. "You cannot fake any of that [on a normal stage], so we stopped trying."

                The barge holds only 45 people, so each performance sells out quickly. The company has added extra matinees
                at the weekend and will run free workshops for schools on the quayside.

                Performances continue until the end of the month, with a pay-what-you-can night each Wednesday.
                """,
            Image: new(
                "theatre.svg",
                "Theatre stage framed by red curtains with a single spotlight on the boards",
                "The young company rehearsed on land for six weeks before moving on board.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
        new(
            Slug: "council-agrees-to-buy-empty-shops-in-old-quay",
            Headline: "Council agrees to buy empty shops in Old Quay",
            Standfirst: "Eleven vacant units near the market will be bought and let at low rents to new independent businesses.",
            Section: "city",
            Authors: ["petra-vellacott", "rafael-quenby"],
            Tags: ["Housing", "Markets", "Planning"],
            DaysAgo: 395,
            Hour: 15,
            Body: """
                Harbourton City Council will buy eleven empty shops in the streets around Old Quay Market and let them at
                reduced rents to new independent businesses, after the cabinet approved a 4.8 million purchase.

                Some of the units have been empty for more than five years. The flats above several of the shops will be
                refurbished and let as affordable homes.

                > "An empty shop drags down a whole street," said Councillor Pilar Northcote-Reyes. "We would rather own
                > these buildings and fill them than watch them decay."

                Businesses will be offered three-year leases at half the market rent for the first year, rising gradually.
                Priority will be given to food producers, makers and repair shops.

                Applications will open once the purchases are complete.
                """,
            Image: new(
                "market.svg",
                "Row of market stalls with striped awnings and crates of produce on a quayside",
                "The council hopes that cheaper shop rents will bring new traders to the streets around Old Quay Market.",
                "Illustration: Broadsheet demo",
                1200,
                675),
            Comments: []),
    ];
}

"""Story templates of the synthetic demo corpus (used by :mod:`helpers.demo`).

Placeholders: ``{p0}``..``{p2}`` people (the first use in an article is "Role Full Name", later
ones the surname), ``{s0}``..``{s2}`` surnames (headlines), ``{o0}``/``{o1}`` organisations (full
name first, short name later; templates write "the {o0}"), ``{l0}``..``{l3}`` places, ``{day}``
a weekday, ``{n0}``/``{n1}`` numbers, and ``{kyiv}``-style keys of ``PLACES`` for a fixed place spelled the
outlet's way. All people and organisations are invented; places and dates of the war are real.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A kind of story: its cast, places, a window of dates where it peaks, and its templates."""

    people: tuple[str, ...]  # keys of helpers.demo.text.PEOPLE (the first ones are drawn first)
    organisations: tuple[str, ...]  # keys of helpers.demo.text.ORGANISATIONS
    places: tuple[str, ...]  # keys of helpers.demo.text.PLACES
    peak: tuple[str, str]  # ISO dates: most stories of this kind fall in this window
    titles: tuple[str, ...]
    leads: tuple[str, ...]  # first paragraph
    paragraphs: tuple[str, ...]  # later paragraphs, drawn without replacement
    related: tuple[str, ...]  # titles of related articles


TOPICS: dict[str, Topic] = {
    "talks": Topic(
        ("negotiator_ua", "negotiator_ru", "turkish_mediator", "president", "kremlin_spokesman"),
        ("monitors", "institute"),
        ("istanbul", "kyiv", "moscow", "chernihiv", "ankara", "turkey"),
        ("2022-03-10", "2022-04-10"),
        (
            "Negotiators Meet in {l0} as {s1} Promises 'Practical' Proposals",
            "{s0} Says Talks in {l0} Brought a 'Meaningful Discussion'",
            "Moscow to Scale Back Activity Near {l1}, {s1} Says After {l0} Talks",
            "Ceasefire Monitors Ask for Access to {l1} Ahead of New Round of Talks",
        ),
        (
            "Delegations from Ukraine and Russia met in {l0} on {day}, and {p0} said the two sides had "
            "agreed to keep talking despite deep differences over security guarantees.",
            "{p1} said on {day} that Moscow would reduce its military activity around {l1} and {l3} "
            "to build trust before the next round of talks in {l0}.",
        ),
        (
            '"We have heard proposals that can be put to the heads of state," {p1} told reporters in '
            "{l0}, adding that a meeting of the presidents was possible.",
            "{p2}, who hosted the delegations, said the atmosphere in the room was calmer than in earlier "
            "rounds and that {l3} was ready to act as a guarantor.",
            "The talks come as the advance towards {l1} has stalled, according to the {o0}, which has "
            "tracked the front line since the first weeks of the war.",
            "{p3} said any agreement would have to be approved in a referendum, and that the status of "
            "{l2} would not be discussed under pressure.",
            "{p4} told journalists in {l2} that it was too early to speak of a breakthrough.",
            "{p3}'s office said the president had spoken by phone with the leader of {l5} about the talks.",
            "Analysts at the {o1} cautioned that earlier pledges to reduce fighting had not held, and that "
            "shelling near {l1} continued overnight.",
            "{s0} said Ukraine wanted guarantees from at least {n0} countries, a proposal {s1} described as "
            "a basis for further work.",
            "The {o0} said its observers had recorded {n1} violations in the region in the past week.",
        ),
        ("Negotiators Begin New Round of Talks in {l0}", "What Is on the Table in {l0}"),
    ),
    "grain": Topic(
        ("grain_council_chair", "governor_odesa", "turkish_mediator", "eu_commissioner"),
        ("grain", "shipping", "ports"),
        ("odesa", "istanbul", "mykolaiv", "kherson", "brussels", "crimea"),
        ("2022-07-05", "2022-08-20"),
        (
            "First Grain Ship Leaves {l0} Under Deal Brokered in {l1}",
            "{s0} Says Grain Corridor From {l0} Must Stay Open Through Winter",
            "Insurers Return to Black Sea Routes as Exports From {l0} Resume",
        ),
        (
            "A cargo ship carrying {n1} tonnes of maize left the port of {l0} on {day}, the first departure "
            "under a deal negotiated in {l1}, {p0} said.",
            "The {o0} said on {day} that exports through {l0} had reached their highest level since the "
            "start of the war, with {n0} ships cleared in a week.",
        ),
        (
            '"Every ship that leaves {l0} lowers the price of bread somewhere else," {p0} told the {o1}.',
            "{p1} said mines near the coast were still a danger and that pilots from {l0} would guide every "
            "vessel out of the harbour.",
            "Inspectors in {l1} checked the cargo before it sailed on, according to {p2}.",
            "The {o1} said freight rates had fallen by {n0} percent since the corridor opened, but that "
            "insurers still asked for extra premiums for ports near {l3}.",
            "{p3} said in {l4} that the European Union would help pay for storage in ports on the Danube.",
            "Farmers near {l2} say they have nowhere to store the new harvest, and the {o0} estimates that "
            "{n1} tonnes are waiting in silos.",
            "{s0} said the deal would be reviewed after {n0} days and that {l1} would host the talks.",
            "Captains reported warships off the coast of {l5}, and the {o2} asked for a wider safety zone.",
        ),
        ("Shipping Insurers Raise Premiums for Black Sea Routes", "How Grain Leaves {l0}"),
    ),
    "shelling": Topic(
        ("mayor_kharkiv", "governor_odesa", "deputy_defence_ru", "aid_director"),
        ("relief", "monitors"),
        ("kharkiv", "mykolaiv", "sumy", "zaporizhzhia", "dnipro", "donbas", "kherson"),
        ("2022-04-15", "2022-06-30"),
        (
            "Overnight Shelling Hits Residential Districts of {l0}",
            "{s0} Says {n0} Buildings Damaged in {l0} After Night of Strikes",
            "Residents of {l0} Return to Basements as Strikes Resume",
        ),
        (
            "Strikes hit residential districts of {l0} overnight, damaging {n0} buildings and a school, "
            "{p0} said on {day}.",
            "Several districts of {l0} were without power on {day} after a night of shelling, {p0} said.",
        ),
        (
            "Rescue workers from the {o0} searched the rubble until morning, and {n0} people were taken to "
            "hospitals in {l0} and {l1}.",
            '"People are tired, but the city is working," {p0} said, urging residents of {l0} to stay in '
            "shelters when the sirens sound.",
            "{p2} said in a statement that the strikes targeted military sites near {l0}, a claim the "
            "{o1} could not verify.",
            "{p3} said the network had sent {n0} trucks of food and water to {l1} and {l2} this week.",
            "Fighting continued further east in the {l3}, where the {o1} reported {n1} explosions.",
            "{s0} said the repair of the water supply in {l0} would take at least {n0} days.",
            "{p0}'s deputies toured the damaged districts of {l0} on {day} and promised new windows for "
            "every flat before the cold.",
            "Officials in {l1} said a missile was shot down over the city and nobody was hurt.",
        ),
        ("Life in {l0} Under Fire", "Rescuers Work Through the Night in {l1}"),
    ),
    "energy": Topic(
        ("energy_ceo", "eu_commissioner", "president", "analyst"),
        ("energy", "fund", "institute"),
        ("kyiv", "zaporizhzhia", "berlin", "brussels", "warsaw", "lviv"),
        ("2022-08-20", "2022-09-30"),
        (
            "{s0} Warns of Hard Winter as Power Lines Near {l1} Are Repaired",
            "Europe Weighs Gas Price Cap as {s1} Meets Ministers in {l3}",
            "Power Restored in Parts of {l0} After Strikes on Substations",
        ),
        (
            "{p0} said on {day} that repair crews had restored power to most of {l0}, but warned that the "
            "grid would be fragile through the winter.",
            "Ministers meeting in {l3} on {day} discussed a cap on gas prices, {p1} said.",
        ),
        (
            "The {o0} has asked its members in {l4} and {l2} to send transformers and cables.",
            '"We are preparing for the worst and working for the best," {p0} told reporters in {l5}.',
            "{p2} thanked partners in {l4} for the equipment and said Ukraine would export electricity "
            "again once the lines near {l1} were safe.",
            "The {o1} said it would lend {n0} million euros for the repairs.",
            "{p3} said consumption in {l2} had fallen by {n0} percent as households cut back.",
            "According to the {o2}, engineers at the plant near {l1} are working in shifts of {n0} hours.",
        ),
        ("Europe Counts the Cost of a Cold Winter", "Inside the Control Room of a Damaged Power Plant"),
    ),
    "refugees": Topic(
        ("polish_minister", "aid_director", "mayor_kharkiv", "georgian_envoy"),
        ("relief", "fund"),
        ("lviv", "warsaw", "kharkiv", "kyiv", "poland", "georgia", "tbilisi", "berlin"),
        ("2022-03-01", "2022-04-20"),
        (
            "Trains From {l2} to {l0} Fill Up as Families Head West",
            "{s0} Says {l4} Has Taken In {n0} Thousand People Since February",
            "Volunteers in {l0} Open New Shelter Near the Station",
        ),
        (
            "Thousands of people arrived in {l0} on {day} on trains from {l2} and {l3}, and volunteers at "
            "the station handed out food and SIM cards, {p1} said.",
            "{p0} said on {day} that {l4} had registered {n0} thousand people fleeing the war in the past "
            "week.",
        ),
        (
            '"Nobody here is a guest, they are our neighbours," {p0} said during a visit to {l1}.',
            "The {o0} has opened {n0} shelters in {l0}, most of them in schools and sports halls.",
            "{p3} said {l5} was ready to take in families and that {l6} had opened a help desk.",
            "{p2} said many residents who left {l2} in March were now coming back.",
            "The {o1} said it would pay for housing in {l7} for {n0} months.",
            "Some families continue from {l0} to {l1} and on to {l7}, where relatives wait for them.",
        ),
        ("The Long Road From {l2} to {l1}", "Volunteers Run the Station in {l0}"),
    ),
    "reconstruction": Topic(
        ("president", "eu_commissioner", "analyst", "energy_ceo"),
        ("fund", "institute", "energy"),
        ("kyiv", "chernihiv", "brussels", "berlin", "warsaw", "kharkiv", "geneva"),
        ("2022-06-20", "2022-07-25"),
        (
            "Donors Meet in {l4} to Plan Rebuilding of {l1}",
            "{s0} Asks for 'Marshall Plan' as Conference Opens in {l6}",
            "The Bill for Rebuilding {l1} Keeps Growing, Says {s2}",
        ),
        (
            "Donors meeting in {l6} on {day} pledged to help rebuild bridges, schools and hospitals in "
            "{l1} and {l5}, {p0} said.",
            "The {o0} said on {day} that it had approved its first grants for housing in {l1}.",
        ),
        (
            "{p1} said the European Union would coordinate the pledges and set up an office in {l0}.",
            "{p2} said the damage already exceeded {n0} billion dollars and warned that corruption risks "
            "had to be managed from the start.",
            '"We will not rebuild the past, we will build something better," {p0} told delegates.',
            "The {o1} published a map of damaged buildings in {l1} and {l5}.",
            "Engineers from {l3} and {l4} will help design the new water network in {l1}.",
            "{p3} said the {o2} would rebuild {n0} substations before winter.",
        ),
        ("Who Pays to Rebuild {l1}", "Architects Sketch a New Centre for {l1}"),
    ),
    "sanctions": Topic(
        ("eu_commissioner", "kremlin_spokesman", "analyst", "georgian_envoy"),
        ("institute", "shipping"),
        ("brussels", "moscow", "tbilisi", "georgia", "crimea", "berlin"),
        ("2022-05-01", "2022-06-15"),
        (
            "EU Agrees New Sanctions Package After Talks in {l0}",
            "{s1} Calls New Sanctions 'Unfriendly' as {l0} Targets Shipping",
            "Banks in {l3} Tighten Checks as Sanctions Widen, Says {s3}",
        ),
        (
            "European ministers meeting in {l0} on {day} agreed a new package of sanctions that targets "
            "shipping and insurance, {p0} said.",
            "{p1} said on {day} that Moscow would respond to the new measures agreed in {l0}.",
        ),
        (
            "{p2} said the measures would take months to bite and that traders would look for new routes "
            "through {l3}.",
            "The {o1} said {n0} of its ships had changed their routes since the spring.",
            '"Sanctions are a marathon, not a sprint," {p0} told journalists in {l0}.',
            "{p3} said banks in {l2} had frozen {n0} accounts linked to firms under sanctions.",
            "A report by the {o0} found that imports to {l1} of some parts had fallen by {n1} percent.",
            "Ferry operators serving ports in {l4} were added to the list, {p2} said.",
        ),
        ("What the New Sanctions Mean for Shipping", "Traders Look for New Routes Through {l3}"),
    ),
    "aid": Topic(
        ("aid_director", "governor_odesa", "mayor_kharkiv", "polish_minister"),
        ("relief", "fund"),
        ("kharkiv", "odesa", "mariupol", "zaporizhzhia", "warsaw", "dnipro", "kherson"),
        ("2022-03-15", "2022-09-30"),
        (
            "Aid Convoy Reaches {l2} After Days of Waiting",
            "{s0} Says Aid to {l0} Must Not Stop as Winter Approaches",
            "Volunteers in {l5} Pack Food for Villages Near {l0}",
        ),
        (
            "A convoy of {n0} trucks carrying food and medicine reached {l2} on {day}, {p0} said.",
            "The {o0} said on {day} that it had delivered aid to {n0} villages around {l0} this month.",
        ),
        (
            "{p1} said the convoy had waited {n0} hours at a checkpoint near {l3}.",
            '"People ask first for water, then for news of their families," {p0} said.',
            "Warehouses in {l4} are full, and the {o1} is paying for extra trucks.",
            "{p2} said doctors in {l0} were short of insulin and painkillers.",
            "{p1}'s staff said the region had asked the {o0} for more generators.",
            "{p3} said a new logistics hub near {l4} would speed up deliveries to {l5}.",
            "Volunteers in {l5} said donations had fallen since the spring, but that {n0} people still came "
            "every day.",
        ),
        ("How Aid Reaches the Front Line", "A Day With Volunteers in {l5}"),
    ),
}


#: Background paragraphs any story may carry (0-2 per article).
BACKGROUND: tuple[str, ...] = (
    "Russia launched its full-scale invasion of Ukraine on February 24, and the fighting has since moved "
    "from the outskirts of {kyiv} to the {donbas} and the south.",
    "Moscow annexed {crimea} in 2014, and the port city of {mariupol} fell in May after a siege of almost "
    "three months.",
    "Neither side's figures could be independently verified.",
    "Officials in {kyiv} have repeatedly asked their partners for more air defence systems.",
    "Prices for fuel and food have risen across Europe since the spring, from {warsaw} to {brussels}.",
    "{moscow} calls the war a 'special military operation' and denies targeting civilians.",
    "Millions of people have left their homes since February, many of them for {poland} and {georgia}.",
    "The {o0} has published weekly updates since March.",
)

#: Paragraphs that fit any story (every topic has at least two people, two places, one organisation).
GENERIC: tuple[str, ...] = (
    "{p0} spoke to reporters in {l0} after a meeting with local officials on {day}.",
    "In a video address, {p1} thanked volunteers in {l1} and said the coming weeks would be difficult.",
    "A spokesperson for the {o0} said it would publish more details next week.",
    "Residents of {l1} interviewed on {day} said they were following the news hour by hour.",
    "{p1} declined to comment on reports that the plans had changed.",
    "The {o0} said it had received {n0} requests for help from {l0} in the past week alone.",
    'Asked whether the situation in {l0} could change quickly, {p0} said: "We must be ready for anything."',
    "Earlier this month {p1} visited {l1}, where local officials asked for faster decisions.",
    "{p0}'s remarks were welcomed in {l1}, where officials said they would study the details.",
    "Journalists in {l0} were not allowed to visit the site on {day}.",
)

"""Police narrative prose with annotated person / plate / number mentions.

Templates use {KEY} tokens; ``fill`` turns a template into segments
[(text, ents)] so the wrapped lines keep their annotations.  Keys ending in
".s" are surname-only references and carry no annotation (the person is named
in full elsewhere in the same document).
"""
from __future__ import annotations

import re

_TOK = re.compile(r"\{([A-Za-z0-9_]+(?:\.[a-z]+)?)\}")


def fill(tpl: str, m: dict) -> list:
    segs = []
    pos = 0
    for mt in _TOK.finditer(tpl):
        if mt.start() > pos:
            segs.append((tpl[pos:mt.start()], []))
        v = m[mt.group(1)]
        if isinstance(v, tuple):
            segs.append((v[0], list(v[1])))
        else:
            segs.append((str(v), []))
        pos = mt.end()
    if pos < len(tpl):
        segs.append((tpl[pos:], []))
    # glue punctuation that directly follows a token onto it so wrapping keeps "Smith." together
    out = []
    for text, ents in segs:
        if out and text and not text[0].isspace() and not out[-1][0][-1:].isspace():
            pt, pe = out[-1]
            out[-1] = (pt + text, pe + ents)
        else:
            out.append((text, ents))
    return out


def pick(rng, alts):
    return alts if isinstance(alts, str) else rng.choice(alts)


def build(rng, paragraphs, m: dict) -> list[list]:
    """paragraphs: list of list of sentence alternatives -> list of segment lists."""
    out = []
    for para in paragraphs:
        sents = []
        for slot in para:
            if slot is None:
                continue
            if isinstance(slot, tuple) and slot and slot[0] == "?":       # optional sentence
                if rng.random() < slot[1]:
                    sents.append(pick(rng, slot[2]))
                continue
            sents.append(pick(rng, slot))
        segs = []
        for s in sents:
            needed = set(_TOK.findall(s))
            if any(k not in m for k in needed):
                continue
            part = fill(s, m)
            if segs:
                segs.append((" ", []))
            segs.extend(part)
        if segs:
            out.append(_merge(segs))
    return out


def _merge(segs):
    out = []
    for t, e in segs:
        if out and not e and not out[-1][1]:
            out[-1] = (out[-1][0] + t, [])
        elif out and t.strip() == "":
            out[-1] = (out[-1][0] + t, out[-1][1])
        else:
            out.append((t, e))
    # re-split so that ents stay attached to the first word of their own segment
    return out


OPENERS = [
    "On {DATE} at approximately {TIME} hours, I, {O}, was dispatched to {LOC} regarding {CALL}.",
    "On {DATE} at about {TIME}, I was dispatched to {LOC} in reference to {CALL}.",
    "On the above date and time I, {O}, responded to {LOC} for {CALL}.",
    "On {DATE}, at approximately {TIME} hrs, I was working patrol in a marked patrol vehicle when dispatch advised of {CALL} at {LOC}.",
]

SCENARIOS = {
    "theft_vehicle": {
        "call": ["a report of a theft from a vehicle", "a vehicle prowl", "a theft from an unlocked vehicle"],
        "roles": ["V", "W?"],
        "paras": [
            [OPENERS],
            [["On arrival I contacted the victim, {V}, who stated that sometime overnight someone entered {VPOS} {VEH} ({PLATE}) while it was parked in the driveway.",
              "I made contact with {V}, who advised that {VPRON} had parked {VPOS} {VEH}, {PLATE}, in front of the residence at about 2200 hours the night before."],
             ["{V.s} reported that {ITEMS} were missing from the vehicle.", "{V.s} told me {ITEMS} had been taken from the center console."],
             ["The total loss was estimated at {VALUE}.", "{V.s} estimated the value of the stolen property at {VALUE}."],
             ("?", 0.6, ["There were no signs of forced entry and {V.s} was unsure whether the doors had been locked.",
                         "The front passenger window had been shattered and glass was on the seat."])],
            [["I spoke with a neighbor, {W}, who said {WPRON} heard a car door close at about 0300 hours but did not look outside.",
              "A neighbor, {W}, stated that {WPRON} saw a person wearing a dark hooded sweatshirt walking between the parked cars at about 0230 hours."],
             ("?", 0.5, ["{W.s} was unable to provide a further description.", "{W.s} did not recognize the person."])],
            [["I checked the area for discarded property with negative results.", "I canvassed the block for cameras; none were found facing the street."],
             ["{V.s} was provided with a case number and a victim information card.", "I advised {V.s} to contact the department if any of the items appeared online."],
             ["Case suspended pending further leads.", "No further action at this time.", "Forwarded to Investigations for follow-up."]],
        ],
    },
    "burglary": {
        "call": ["a residential burglary", "a burglary that had already occurred", "a report of a break-in"],
        "roles": ["V", "W?", "S?"],
        "paras": [
            [OPENERS],
            [["The homeowner, {V}, told me {VPRON} left for work at about 0730 hours and returned home at 1640 hours to find the back door open.",
              "I met with {V}, who said {VPRON} came home to find the rear slider pried open and the bedroom ransacked."],
             ["The door frame was splintered near the deadbolt, consistent with pry marks.", "I observed fresh pry marks on the door and the strike plate was on the floor."],
             ["{V.s} reported that {ITEMS} were taken.", "Missing items included {ITEMS}."]],
            [["A neighbor, {W}, stated {WPRON} saw a {SVEH} parked in front of the house for about twenty minutes around noon.",
              "{W}, who lives across the street, said {WPRON} observed an unknown {SNOUN} carrying a duffel bag from the side yard at approximately 1300 hours."],
             ("?", 0.7, ["{W.s} was able to read part of the plate: {SPLATE}.", "{W.s} provided the full plate of the vehicle, {SPLATE}."])],
            [["A records check of the plate returned to {S}, who has prior contacts for property crimes.",
              "Dispatch advised the vehicle is registered to {S}."],
             ["I attempted contact at {SPOS} listed address without success.", "Detectives were notified and a photo lineup will be prepared."]],
            [["I photographed the scene and collected a latent print from the door handle, which was placed into evidence.",
              "Photographs were taken and a pry tool impression was documented."],
             ["The case is forwarded to the Investigations Division.", "Refer to the attached property report."]],
        ],
    },
    "shoplift": {
        "call": ["a shoplifter in custody", "a retail theft", "a theft at {STORE}"],
        "roles": ["RP", "S"],
        "paras": [
            [OPENERS],
            [["Loss prevention officer {RP} reported that {S} concealed {ITEMS} in a backpack and walked past all points of sale without paying.",
              "Upon arrival I met with the store's asset protection associate, {RP}, who had detained {S} in the loss prevention office."],
             ["The merchandise was valued at {VALUE}.", "The total retail value of the recovered merchandise was {VALUE}."],
             ["I reviewed the store video, which was consistent with {RP.s}'s statement.", "Video footage showed {S.s} removing security tags in the housewares aisle."]],
            [["{S.s} was advised of {SPOS} rights and declined to make a statement.", "After being read {SPOS} rights, {S.s} admitted taking the items because {SPRON} was out of money."],
             ["A records check showed {S.s} had a valid license and no warrants.", "{S.s} was identified by {SPOS} {SDLSTATE} driver's license."],
             ["{S.s} was cited and released with a trespass notice from the store.", "{S.s} was taken into custody and transported to the county jail without incident."]],
        ],
    },
    "assault": {
        "call": ["a disturbance", "a fight in progress", "an assault that just occurred", "a physical domestic disturbance"],
        "roles": ["V", "S", "W?"],
        "paras": [
            [OPENERS],
            [["On arrival I contacted {V}, who had a red mark and swelling on the left side of {VPOS} face.",
              "I located {V} in the parking lot holding a towel to a cut above {VPOS} eye."],
             ["{V.s} stated that {S} struck {VOBJ} with a closed fist during an argument over money.",
              "{V.s} said {S} pushed {VOBJ} into the door frame and then punched {VOBJ} once in the face."],
             ("?", 0.6, ["{V.s} declined medical attention.", "Medics evaluated {V.s} on scene and {VPRON} refused transport."])],
            [["Witness {W} said {WPRON} saw {S.s} swing at {V.s} before the two were separated.",
              "{W}, who was sitting in the lobby, provided a written statement consistent with {V.s}'s account."]],
            [["I contacted {S.s} inside the residence. {SPRON_CAP} said the argument was mutual and denied hitting anyone.",
              "{S.s} was located two blocks away and matched the description given by {V.s}."],
             ["Based on the injuries and the statements, {S.s} was placed under arrest for {CHARGE}.",
              "I placed {S.s} under arrest for {CHARGE} and transported {SOBJ} to the jail for booking."],
             ["Photographs of the injuries were taken and uploaded to evidence.", "Body-worn camera was activated for the entire contact."]],
        ],
    },
    "mischief": {
        "call": ["a report of criminal mischief", "vandalism to a vehicle", "damaged property"],
        "roles": ["V", "W?"],
        "paras": [
            [OPENERS],
            [["{V} reported that someone keyed the driver side of {VPOS} {VEH}, {PLATE}, and slashed two tires while it was parked at the apartment complex.",
              "{V} showed me {VPOS} {VEH} ({PLATE}), which had a broken windshield and spray paint on the hood."],
             ["{V.s} estimated the damage at {VALUE}.", "A repair estimate of {VALUE} was later provided by {V.s}."],
             ("?", 0.5, ["{V.s} believes an ex-boyfriend may be responsible but has no proof.", "{V.s} has no idea who would have done this."])],
            [["Neighbor {W} stated {WPRON} heard glass breaking around 0100 hours but saw no one.",
              "I spoke to {W}, the property manager, who said the parking lot cameras have not worked since last year."]],
            [["No suspects at this time.", "Photographs were taken of the damage."], ["Case inactive pending new information."]],
        ],
    },
    "stolen_vehicle": {
        "call": ["a stolen vehicle report", "an unauthorized use of a motor vehicle"],
        "roles": ["V"],
        "paras": [
            [OPENERS],
            [["{V} reported that {VPOS} {VEH}, {PLATE}, VIN {VIN}, was taken from the parking lot sometime between 2300 and 0600 hours.",
              "The registered owner, {V}, stated {VPOS} {VEH} bearing {PLATE} was missing when {VPRON} went out to leave for work."],
             ["{V.s} had both keys in {VPOS} possession and no one had permission to use the vehicle.", "{V.s} said a spare key was kept in the glove box."],
             ["The vehicle was entered into NCIC as stolen.", "I entered the vehicle into LEDS/NCIC and notified dispatch."]],
            [["There is no further information at this time.", "The case will be forwarded to Auto Theft."]],
        ],
    },
    "trespass": {
        "call": ["an unwanted subject", "a trespass complaint", "a subject refusing to leave"],
        "roles": ["RP", "S"],
        "paras": [
            [OPENERS],
            [["The manager, {RP}, stated that {S} had been trespassed from the property on a prior occasion and returned today.",
              "{RP} reported that a {SNOUN}, later identified as {S}, was sleeping in the stairwell and refused to leave."],
             ["I contacted {S.s} and advised {SOBJ} that {SPRON} was not allowed on the property.", "{S.s} was cooperative and gathered {SPOS} belongings."],
             ["{S.s} was issued a citation for {CHARGE} and escorted off the property.", "{S.s} was arrested for {CHARGE} after {SPRON} refused to leave."]],
        ],
    },
    "fraud": {
        "call": ["a fraud report", "an identity theft report", "unauthorized charges on a debit card"],
        "roles": ["V"],
        "paras": [
            [OPENERS],
            [["{V} reported that {VPRON} noticed several charges on {VPOS} checking account that {VPRON} did not make, totaling {VALUE}.",
              "{V} stated an unknown person called {VOBJ} claiming to be from the county sheriff and instructed {VOBJ} to pay a fine with gift cards."],
             ["{V.s} provided copies of the bank statements, which were scanned into the case file.", "{V.s} had already contacted the bank and the card was cancelled."],
             ["{V.s} was advised to place a fraud alert with the credit bureaus.", "I provided {V.s} with an identity theft packet."]],
        ],
    },
}

PRONOUNS = {"M": ("he", "his", "him", "He"), "F": ("she", "her", "her", "She")}

ITEMS = ["a Dell laptop computer", "a black backpack", "prescription sunglasses", "an Apple iPad", "a Garmin GPS unit",
         "about $40 in loose change", "a DeWalt cordless drill", "a Milwaukee tool bag", "a wallet with credit cards",
         "a pair of Nike shoes", "a 9mm handgun", "a gold necklace", "a jewelry box", "a 55-inch Samsung television",
         "an Xbox game console", "a mountain bike", "a purse", "two bottles of whiskey", "several packages of razor blades",
         "cosmetics", "a set of golf clubs", "a chainsaw"]
STORES = ["Fred Meyer", "Walmart", "Target", "Dollar General", "Safeway", "Kroger", "Walgreens", "Home Depot",
          "Bi-Mart", "Big 5 Sporting Goods", "Menards", "Winn-Dixie", "Publix", "H-E-B", "Schnucks"]


# Generic investigative sentences used to lengthen narratives (sentences naming someone absent are skipped).
FILLER = [
    "I activated my body-worn camera prior to arrival and it remained on for the duration of the contact.",
    "Dispatch advised that the caller was still on scene and would meet officers in the parking lot.",
    "I requested a second unit to respond and assist with the scene.",
    "{V.s} appeared upset but was calm and cooperative throughout the interview.",
    "{V.s} stated {VPRON} did not know anyone who would want to harm {VOBJ}.",
    "{V.s} provided a written statement, which was scanned into the records system.",
    "{V.s} was advised of the case number and given information on victim assistance resources.",
    "I asked {V.s} whether there were any cameras in the area; {VPRON} said a neighbor has a doorbell camera.",
    "{W.s} agreed to provide a written statement and was given a statement form.",
    "{W.s} said {WPRON} had never seen the person before and could only provide a general description.",
    "I obtained contact information for {W.s} in case follow-up is needed.",
    "{RP.s} said {RPPRON} has worked at the location for several years and has called police on prior occasions.",
    "{RP.s} requested that a trespass notice be issued.",
    "A records check of {S.s} showed prior contacts with this agency and no outstanding warrants.",
    "{S.s} was wearing a black jacket, blue jeans and white shoes at the time of contact.",
    "{S.s} initially gave a false name but later provided {SPOS} correct date of birth.",
    "I advised {S.s} of {SPOS} Miranda rights from my department-issued card. {SPRON_CAP} said {SPRON} understood.",
    "{S.s} declined to answer further questions and asked for an attorney.",
    "I searched the immediate area with negative results.",
    "I canvassed the surrounding residences. No one answered at two of the homes; the others had not seen anything.",
    "Photographs of the scene were taken with my department-issued camera and uploaded to the evidence system.",
    "The items collected were placed into evidence; see the property report for details.",
    "I checked local pawn databases for the stolen items with negative results.",
    "I entered the serial numbers of the stolen items into NCIC.",
    "A second unit arrived on scene and assisted with the interviews.",
    "Dispatch was advised that all units could clear.",
    "I returned to the station and completed this report.",
    "I later spoke with {V.s} by phone and informed {VOBJ} of the status of the case.",
    "This report is being forwarded to the Investigations Division for review.",
    "A copy of this report was forwarded to the district attorney's office.",
    "There was no further information available at the time of this report.",
    "The area was dark and the nearest streetlight was not working, which limited visibility.",
    "The weather at the time was cold and raining, and the roadway was wet.",
    "{V.s} said the last time {VPRON} saw the property was at approximately 2100 hours the previous evening.",
    "{W.s} was able to show me a short video clip on {WPOS} phone, which I recorded with my body camera.",
]


def filler_paras(rng, m: dict, n_paras: int, upper=False) -> list:
    out = []
    pool = [s for s in FILLER if not any(k not in m for k in _TOK.findall(s))]
    rng.shuffle(pool)
    for _ in range(n_paras):
        k = rng.randint(3, 5)
        sents, pool = pool[:k], pool[k:]
        segs = []
        for s in sents:
            if any(k not in m for k in _TOK.findall(s)):
                continue
            if segs:
                segs.append((" ", []))
            segs += fill(s, m)
        if segs:
            segs = _merge(segs)
            out.append([(t.upper(), e) for t, e in segs] if upper else segs)
    return out

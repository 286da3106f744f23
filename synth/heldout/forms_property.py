"""Property / evidence receipts with a chain-of-custody table (doc_type property_record)."""
from __future__ import annotations

from .common import Ctx, agency_header, footer, maybe_stamp
from .layout import LETTER
from .util import digits

ITEMS = [
    ("1", "Apple iPhone 12, black, cracked screen", "SN F2LDK8XJ0D4Q", "Evidence"),
    ("1", "Black Jansport backpack containing clothing", "", "Evidence"),
    ("3", "Small baggies of white crystalline substance", "", "Evidence - Drug"),
    ("1", "Glass smoking pipe with residue", "", "Evidence - Drug"),
    ("1", "Kitchen knife, 8 in. blade, wood handle", "", "Evidence"),
    ("1", "Wallet, brown leather, with ID and cards", "", "Safekeeping"),
    ("1", "U.S. currency", "", "Evidence"),
    ("1", "Ring doorbell video (USB drive)", "", "Evidence"),
    ("1", "Latent print card", "", "Evidence - Lab"),
    ("1", "DeWalt 20V drill", "SN 4105382", "Recovered Stolen"),
    ("2", "Vehicle keys on ring", "", "Safekeeping"),
    ("1", "Taurus G2C 9mm handgun", "SN ABE123456", "Evidence - Firearm"),
    ("1", "Magazine with 10 rounds 9mm", "", "Evidence - Firearm"),
    ("1", "Samsung Galaxy tablet", "SN R52M80XK1PA", "Found Property"),
    ("1", "Buccal swab kit (DNA)", "", "Evidence - Lab"),
    ("1", "Bicycle, Trek, red", "SN WTU123C4567D", "Found Property"),
]
TECH_TITLES = ["Property Technician", "Evidence Technician", "Evidence Custodian", "Property Clerk"]


def property_receipt(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    ofc = ctx.officer()
    kind = r.choice(["suspect", "victim", "reporting_party"])
    frm = ctx.person(kind)
    tech = ctx.person("other", age=(25, 62))
    ofc2 = ctx.officer(rank="Det.") if r.random() < 0.6 else None
    case = ag.new_case(r, ctx.d)
    order = r.choice(["template_first", "template_shuffled", "reading", "fill_first"])
    pb = ctx.page("table_form", st, LETTER, order)
    title = r.choice(["PROPERTY / EVIDENCE RECEIPT", "EVIDENCE AND PROPERTY REPORT", "PROPERTY RECEIPT AND CHAIN OF CUSTODY"])
    form_no = r.choice(["Form PE-1 (Rev. 04/2018)", f"{ag.short} Property Form 9", "EVD-3 (Rev. 2021)"])
    y = agency_header(ctx, pb, title, variant=r.choice([0, 1, 2]))
    x0, W, h = 36, pb.w - 72, 23
    code, desc = r.choice(ag.statutes["criminal"])
    y = pb.grid_row(x0, y, h, [(0.24, ag.case_label, ag.print_case(r, case, "label"), ctx.case_ents(case)),
                               (0.16, "Date", ctx.date()), (0.12, "Time", ctx.time(r.randint(0, 23), r.randint(0, 59))),
                               (0.48, "Offense", f"{desc}")], W)
    lab = {"suspect": "Obtained From (Suspect)", "victim": "Owner (Victim)", "reporting_party": "Found / Turned In By"}[kind]
    fn, fe = ctx.nm(frm, r.choice(["lfc", "lfn", "nat"]), upper=st.caps)
    y = pb.grid_row(x0, y, h, [(0.38, lab, fn, fe), (0.14, "DOB", ctx.date(frm.dob, "mdy")),
                               (0.48, "Address", frm.addr.one_line())], W)
    y = pb.grid_row(x0, y, h, [(0.5, "Location Recovered", r.choice([frm.addr.street, "Patrol vehicle", f"{r.randint(100, 999)} Main St - parking lot", "Suspect's person"])),
                               (0.5, "Reason", r.choice(["Evidence", "Safekeeping", "Found Property", "Evidence / Investigation"]))], W)
    y -= 8
    pb.t(x0, y - 8, "PROPERTY DESCRIPTION", st.head_font, 8)
    y -= 11
    chosen = r.sample(ITEMS, r.randint(2, 5))
    rows = []
    for i, (qty, d, sn, disp) in enumerate(chosen, 1):
        val = r.choice(["", f"${r.randint(5, 900)}", ""]) if "currency" not in d else f"${r.randint(20, 2400)}.00"
        rows.append([f"{i:03d}", qty, d, sn.replace("SN ", ""), val, disp])
    y = pb.table(x0, y, [("Item", 30), ("Qty", 26), ("Description", 226), ("Serial No.", 92), ("Value", 50), ("Status", 116)],
                 rows, row_h=15, min_rows=6)
    y -= 6
    ln = pb.newline()
    pb.t(x0, y - 8, "Property barcode:", st.label_font, 7, line=ln)
    bc = f"P{digits(r, 7)}"
    pb.barcode(x0 + 70, y - 14, 130, 18, bc)
    pb.t(x0 + 210, y - 8, f"*{bc}*" if r.random() < 0.5 else bc, "Courier", 8, "fill", line=ln)
    y -= 26
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    y = pb.grid_row(x0, y, h, [(0.4, "Submitting Officer", onm, oents), (0.15, ag.badge_label, ofc.badge),
                               (0.45, "Storage Location", r.choice(["Evidence Locker 14", "Temp Locker B-3", "Drug Drop Box", "Main Property Room", "Bulk Storage Bay 2"]))], W)
    pb.scribble(x0 + W - 40, y + 4, 30, 7, kind="initials")
    y -= 10
    pb.t(x0, y - 8, "CHAIN OF CUSTODY", st.head_font, 8)
    y -= 11
    tt = r.choice(TECH_TITLES)
    entries = []
    t0 = ctx.d
    tn = ctx.nm(tech, r.choice(["nat", "lfc"]), upper=st.caps)
    on2 = ctx.ofc(ofc, with_rank=True, upper=st.caps, style="nat")
    entries.append([ctx.date(t0, "mdy"), ctx.time(r.randint(0, 23), r.randint(0, 59)), on2, (f"Temp Locker", []), "Initial submission"])
    entries.append([ctx.date(t0.fromordinal(t0.toordinal() + 1), "mdy"), ctx.time(r.randint(7, 16), r.randint(0, 59)),
                    ("Temp Locker", []), (f"{tn[0]} ({tt})", tn[1]), "Intake / logged"])
    if ofc2:
        d2n = ctx.ofc(ofc2, with_rank=True, upper=st.caps)
        entries.append([ctx.date(t0.fromordinal(t0.toordinal() + r.randint(3, 20)), "mdy"), ctx.time(r.randint(7, 16), r.randint(0, 59)),
                        (tn[0], []), d2n, r.choice(["Review", "Lab submission", "Court - exhibit", "Interview"])])
    if r.random() < 0.5:
        lab = r.choice(["State Crime Lab", "Regional Crime Laboratory", "DPS Crime Lab", "FDLE Lab"])
        entries.append([ctx.date(t0.fromordinal(t0.toordinal() + r.randint(21, 40)), "mdy"), ctx.time(r.randint(7, 16), r.randint(0, 59)),
                        (tn[0], []), (lab, []), "Analysis"])
    cols = [("Date", 62), ("Time", 40), ("Released By", 150), ("Received By", 170), ("Purpose", 118)]
    rows = [[e[0], e[1], e[2], e[3], e[4]] for e in entries]
    pb.table(x0, y, cols, rows, row_h=16, min_rows=6)
    pb.para(x0, 80, W, [("I certify that the above is a true and accurate list of the property taken into custody. Property held as "
                         "evidence will be retained until final disposition of the case. Unclaimed found property may be disposed of "
                         "after 60 days pursuant to department policy.", [])], font=st.label_font, size=6, layer="form")
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.2)
    return "property_record", None, 0

"""Letters and memos (doc_type other): records requests, interoffice memoranda."""
from __future__ import annotations

from .common import Ctx, maybe_stamp
from .layout import LETTER
from .people import STATE_NAMES
from .util import add_days, digits, fmt_date, letters

REQ_LAW = {"OR": "the Oregon Public Records Law, ORS 192.311 et seq.", "NY": "the Freedom of Information Law, Public Officers Law Article 6",
           "TX": "the Texas Public Information Act, Gov't Code Chapter 552", "FL": "Chapter 119, Florida Statutes",
           "MO": "the Missouri Sunshine Law, RSMo Chapter 610", "WI": "Wisconsin's Public Records Law, Wis. Stat. 19.31-19.39"}
SENDERS = [("Hollister & Vance LLP", "Attorneys at Law", True), ("Brennan Legal Group, P.C.", "Personal Injury Attorneys", True),
           ("Allied Mutual Insurance Company", "Claims Department", False), ("Keystone Claims Services", "Subrogation Unit", False),
           ("Morrow Law, LLC", "", True)]


def records_request(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("court")
    st.body_font = r.choice(["Times-Roman", "Helvetica", "DejaVuSerif", "DejaVuSans"])
    firm, sub, is_law = r.choice(SENDERS)
    sender = ctx.person("attorney" if is_law else "other", age=(26, 66))
    client = ctx.person("other")
    custodian = ctx.person("other", age=(28, 64)) if r.random() < 0.5 else None
    case = ag.new_case(r, ctx.d)
    pb = ctx.page("letter", st, LETTER, r.choice(["reading", "shuffled_lines", "reading"]))
    f, fs = st.body_font, 11.0
    y = pb.h - 54
    pb.t(pb.w / 2, y, firm.upper(), st.head_font if not st.head_font.startswith("Times") else "Times-Bold", 15, align="center")
    y -= 14
    if sub:
        pb.t(pb.w / 2, y, sub, f, 9, align="center")
        y -= 11
    city, z = r.choice(ag.cities)
    pb.t(pb.w / 2, y, f"{r.randint(100, 2999)} {r.choice(['Commercial St NE', 'Liberty Ave', 'Congress Ave', 'Main Street, Suite 400', 'Olive Blvd'])} | {city}, {ag.home_state} {z}{r.randint(10, 99)} | Tel. ({ag.area_codes[0]}) 555-01{r.randint(10, 99)}",
         f, 8.5, align="center")
    y -= 8
    pb.hrule(y, 72, pb.w - 72, lw=0.8)
    y -= 30
    x0, W = 72, pb.w - 144
    ld = add_days(ctx.d, r.randint(5, 60))
    pb.t(x0, y, fmt_date(ld, "long"), f, fs)
    y -= 30
    pb.t(x0, y, r.choice(["VIA EMAIL AND U.S. MAIL", "VIA FACSIMILE " + ag.fax, "VIA ONLINE PORTAL"]), f, fs - 1)
    y -= 22
    if custodian:
        cn, ce = ctx.nm(custodian, "nat")
        pb.t(x0, y, cn, f, fs, "fill", ents=ce)
        y -= 13
    for line in ["Records Custodian", ag.name, ag.street, f"{ag.city}, {ag.home_state} {ag.zip}"]:
        pb.t(x0, y, line, f, fs)
        y -= 13
    y -= 14
    cpr = ag.print_case(r, case, "label")
    inv, ie = ctx.nm(client, "nat")
    re_lines = [("Re:", "Request for Records", None),
                ("", f"Report No.: ", (cpr, ctx.case_ents(case))),
                ("", f"Date of Incident: {fmt_date(ctx.d, 'long')}", None),
                ("", "Our Client: " if is_law else "Our Insured: ", (inv, ie)),
                ("", f"{'Our File' if is_law else 'Claim'} No.: {digits(r, 3)}-{digits(r, 2)}-{digits(r, 4)}", None)]
    for lab, txt, val in re_lines:
        ln = pb.newline()
        if lab:
            pb.t(x0, y, lab, st.head_font if not f.startswith("Times") else "Times-Bold", fs, line=ln)
        pb.t(x0 + 40, y, txt, f, fs, line=ln)
        if val:
            pb.t(x0 + 40 + pb.width(txt, f, fs) + (0 if txt.endswith(" ") else 4), y, val[0], f, fs, "fill", ents=val[1], line=ln)
        y -= 13
    y -= 16
    greet = f"Dear {custodian.name('nat') if custodian and r.random() < 0.5 else 'Records Custodian'}:"
    gl = pb.newline()
    pb.t(x0, y, greet, f, fs, "fill" if "Custodian" not in greet else "form",
         ents=[("person", custodian.truth_name(), "other")] if custodian and "Custodian" not in greet else [], line=gl)
    y -= 22
    body = [
        [(f"{'This office represents' if is_law else 'We are the insurer of'}", []), (inv, ie),
         (f"in connection with the above-referenced incident. Pursuant to {REQ_LAW[ag.home_state]}, we request copies of the "
          "following records:", [])],
        [("1. The complete incident or crash report, including all supplements and narratives;", [])],
        [("2. All photographs, diagrams, and witness statements;", [])],
        [("3. Any 911 recordings, CAD logs, and body-worn or in-car camera video.", [])],
        [(r.choice(["Please advise us of any fees in advance if they exceed $50.00.",
                    "We agree to pay reasonable copying costs. Please send an invoice with the records.",
                    "If any portion of the records is withheld, please identify the exemption relied upon."]) +
          " Thank you for your prompt attention to this request.", [])],
    ]
    for segs in body:
        y = pb.para(x0, y, W, segs, font=f, size=fs, lead=fs * 1.35, layer="fill" if any(e for _, e in segs) else "form") - 9
    y -= 6
    pb.t(x0, y, "Sincerely,", f, fs)
    y -= 14
    pb.scribble(x0 + 4, y - 16, 110, 12)
    y -= 34
    sn, se = ctx.nm(sender, "nat")
    pb.t(x0, y, sn, f, fs, "fill", ents=se)
    y -= 13
    pb.t(x0, y, r.choice(["Attorney at Law", "Paralegal", "Associate Attorney"]) if is_law else r.choice(["Claims Adjuster", "Senior Claims Representative"]), f, fs)
    y -= 13
    pb.t(x0, y, f"{sender.first[0].lower()}{sender.last.lower().replace(' ', '').replace(chr(39), '')}@{firm.split()[0].lower().strip(',&')}.com", f, fs - 1)
    # received stamp + handwritten initials from the records unit
    if r.random() < 0.7:
        pb.stamp(pb.w - 150, pb.h - 150, ["RECEIVED", fmt_date(add_days(ld, r.randint(1, 6)), "mon_d_y"), f"{ag.short} RECORDS"],
                 angle=r.uniform(-10, 10), size=13, color=(0.75, 0.1, 0.1))
        pb.scribble(pb.w - 120, pb.h - 200, 24, 9, kind="initials")
    return "other", None, 0


MEMO_SUBJ = ["Court Overtime - {CASE}", "Vehicle Pursuit Review - Case {CASE}", "Evidence Release Authorization",
             "Commendation - Response to {CASE}", "Body-Worn Camera Retention Request", "Shift Assignment Change"]


def memo(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("court")
    st.body_font = r.choice(["Helvetica", "Times-Roman", "Courier", "DejaVuSans"])
    chief = ctx.officer(rank=r.choice(["Chief", "Capt.", "Lt.", "Sheriff" if ag.kind == "sheriff" else "Chief"]))
    frm = ctx.officer(rank=r.choice(["Sgt.", "Lt."]))
    subj_of = ctx.officer()
    cc = ctx.officer(rank="Lt.") if r.random() < 0.4 else None
    case = ag.new_case(r, ctx.d)
    cit = ag.new_citation(r, ctx.d) if r.random() < 0.3 else None
    pb = ctx.page("memo", st, LETTER, r.choice(["reading", "template_first", "fill_first"]))
    f, fs = st.body_font, 11.0
    y = pb.h - 60
    pb.t(72, y, ag.name.upper(), st.head_font if not f.startswith("Times") else "Times-Bold", 12)
    y -= 22
    pb.t(72, y, "INTEROFFICE MEMORANDUM", "Helvetica-Bold", 16)
    y -= 10
    pb.hrule(y, 72, pb.w - 72, lw=2)
    y -= 26
    cpr = ag.print_case(r, case, "free")
    subj = r.choice(MEMO_SUBJ)
    rows = [("TO:", ctx.ofc(chief, with_rank=True)), ("FROM:", ctx.ofc(frm, with_rank=True, with_badge=r.random() < 0.3))]
    if cc:
        rows.append(("CC:", ctx.ofc(cc, with_rank=True)))
    rows.append(("DATE:", (fmt_date(add_days(ctx.d, r.randint(1, 20)), "long"), [])))
    if "{CASE}" in subj:
        pre, post = subj.split("{CASE}")
        rows.append(("SUBJECT:", (pre + cpr + post, ctx.case_ents(case))))
    else:
        rows.append(("SUBJECT:", (subj, [])))
    for lab, (val, ents) in rows:
        ln = pb.newline()
        pb.t(72, y, lab, "Helvetica-Bold", 10.5, line=ln)
        pb.t(150, y, val, f, fs, "fill", ents=ents, line=ln)
        y -= 18
    pb.hrule(y + 6, 72, pb.w - 72, lw=0.8)
    y -= 16
    sn, se = ctx.ofc(subj_of, with_rank=True, with_badge=r.random() < 0.5)
    paras = [
        [("On", []), (fmt_date(ctx.d, "long") + ",", []), (sn, se),
         (r.choice(["responded to a report of a disturbance and", "was working the late shift and",
                    "initiated a traffic stop and"]) +
          r.choice([" handled the call in an exemplary manner.", " subsequently was involved in a short vehicle pursuit.",
                    " was later subpoenaed for the related court proceeding."]), [])],
        [("The related report is filed under case", []), (cpr + ".", ctx.case_ents(case))] +
        ([("Citation", []), (cit, ctx.cit_ents(cit)), ("was issued to the driver.", [])] if cit else []) +
        [(r.choice(["I have reviewed the in-car video and the officer's actions were within policy.",
                    "Please approve the attached overtime slip for the court appearance.",
                    "I recommend that this be placed in the officer's personnel file.",
                    "The evidence may be released to the owner once the case is adjudicated."]), [])],
        [("Please contact me with any questions.", [])],
    ]
    for segs in paras:
        y = pb.para(72, y, pb.w - 144, segs, font=f, size=fs, lead=fs * 1.4) - 10
    y -= 8
    pb.scribble(80, y - 14, 60, 10, kind="initials")
    pb.t(pb.w / 2, 30, "INTERNAL - NOT FOR PUBLIC RELEASE", "Helvetica", 7, align="center")
    maybe_stamp(ctx, pb, "police", 0.2)
    return "other", None, 0

"""Incident / offense reports and supplemental narratives (doc_type incident_report)."""
from __future__ import annotations

from . import blocks as B
from . import narrative as N
from .common import Ctx, agency_header, footer, maybe_stamp, signature_block
from .layout import LETTER, REDACT
from .people import height_str
from .util import wchoice

SCEN_TITLES = {
    "theft_vehicle": ("THEFT FROM VEHICLE", "criminal"), "burglary": ("BURGLARY - RESIDENTIAL", "criminal"),
    "shoplift": ("THEFT - SHOPLIFT", "criminal"), "assault": ("ASSAULT", "criminal"),
    "mischief": ("CRIMINAL MISCHIEF", "criminal"), "stolen_vehicle": ("STOLEN VEHICLE", "criminal"),
    "trespass": ("CRIMINAL TRESPASS", "criminal"), "fraud": ("FRAUD / IDENTITY THEFT", "criminal"),
}
SCEN_ROLES = {
    "theft_vehicle": ["V", "W"], "burglary": ["V", "W", "S"], "shoplift": ["RP", "S"], "assault": ["V", "S", "W"],
    "mischief": ["V", "W"], "stolen_vehicle": ["V"], "trespass": ["RP", "S"], "fraud": ["V"],
}
ROLE_OF = {"V": "victim", "S": "suspect", "W": "witness", "RP": "reporting_party"}
CODE_WORD = {"V": "VICTIM", "S": "SUSPECT", "W": "WITNESS", "RP": "REPORTING PARTY"}


def _setup(ctx: Ctx, scen: str | None = None):
    r = ctx.rng
    scen = scen or r.choice(list(SCEN_ROLES))
    people = {}
    for k in SCEN_ROLES[scen]:
        if k == "W" and r.random() < 0.3 and scen != "burglary":
            continue
        people[k] = ctx.person(ROLE_OF[k])
    v = sv = None
    if scen in ("theft_vehicle", "mischief", "stolen_vehicle"):
        v = ctx.vehicle()
        v.owner = people.get("V")
    if scen == "burglary" and "S" in people:
        sv = ctx.vehicle()
        sv.owner = people["S"]
    loc_p = people.get("V") or people.get("RP")
    loc = loc_p.addr.street + ", " + loc_p.addr.city if scen not in ("shoplift", "trespass") else \
        f"{r.randint(100, 3999)} {r.choice(['Main St', 'Commercial Way', 'Highway 20', 'Pacific Blvd', 'Market Square'])}, {ctx.ag.city}"
    return scen, people, v, sv, loc


def _charge(ctx: Ctx):
    code, desc = ctx.rng.choice(ctx.ag.statutes["criminal"])
    return code, desc


def _ptable_rows(ctx: Ctx, pb, people: dict, redact: bool, style: str = "lfc"):
    rows = []
    order = ["RP", "V", "S", "W"]
    for k in order:
        p = people.get(k)
        if p is None:
            continue
        nm, ents = ctx.nm(p, style, upper=pb.st.caps)
        dob = REDACT if (redact and k in ("V", "W")) else ctx.date(p.dob, "mdy")
        phone = REDACT if (redact and k in ("V", "W", "RP")) else p.phone
        rows.append([k, (nm, ents), dob, p.sex, p.race, f"{p.addr.street}, {p.addr.city} {p.addr.state}", phone])
    return rows


def incident_lv(ctx: Ctx):
    """Home-style incident report: 'Label: value' lines, persons/vehicle tables, long narrative."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    scen, people, v, sv, loc = _setup(ctx)
    ofc = ctx.officer(rank=r.choice(["Ofc.", "Ofc.", "Cpl.", ag.ranks[0][0]]))
    sup = ctx.officer(rank="Sgt.")
    case = ag.new_case(r, ctx.d)
    case_p = ag.print_case(r, case, "label")
    order = r.choice(["template_first", "template_shuffled", "reading", "template_first"])
    pb = ctx.page("label_value", st, LETTER, order)
    form_no = r.choice([f"Form {ag.short}-101 (Rev. 06/2019)", f"{ag.short} RMS Incident Report v4.2", "IR-1 (Rev. 11/2021)"])
    y = agency_header(ctx, pb, "INCIDENT REPORT" if r.random() < 0.7 else "GENERAL OFFENSE REPORT")
    title, _ = SCEN_TITLES[scen]
    code, desc = _charge(ctx)
    rep_h, rep_m = r.randint(0, 23), r.randint(0, 59)
    y -= 6
    sz = st.value_size
    pb.lv(y, [(36, ag.case_label, None, case_p, ctx.case_ents(case)),
              (250, "Date Reported", None, ctx.date()),
              (430, "Time", None, ctx.time(rep_h, rep_m))], size=sz)
    y -= 15
    pb.lv(y, [(36, "Incident Type", None, title), (330, "Offense", None, f"{code} {desc}" if len(desc) < 26 else code)], size=sz)
    y -= 15
    pb.lv(y, [(36, "Location", None, loc + f", {ag.home_state}")], size=sz)
    y -= 15
    d0 = ctx.d
    pb.lv(y, [(36, "Occurred From", None, f"{ctx.date(d0)} {ctx.time(r.randint(0, 12), r.randint(0, 59))}"),
              (300, "To", None, f"{ctx.date(d0)} {ctx.time(rep_h, rep_m)}")], size=sz)
    y -= 15
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    pb.lv(y, [(36, "Reporting Officer", None, onm, oents), (330, ag.badge_label, None, ofc.badge),
              (450, "Unit", None, f"{r.randint(1, 4)}{r.choice('ABCDKL')}{r.randint(10, 39)}")], size=sz)
    y -= 12
    # persons
    pb.rect(36, y - 13, pb.w - 72, 13, fill=0.82, stroke=None)
    pb.t(40, y - 9.5, "INVOLVED PERSONS", st.head_font, 8)
    pb.t(pb.w - 40, y - 9.5, "Codes: V=Victim S=Suspect W=Witness RP=Reporting Party", st.label_font, 6, align="right")
    y -= 15
    redact = r.random() < 0.3
    cols = [("Code", 26), ("Name (Last, First Middle)", 146), ("DOB", 56), ("Sex", 22), ("Race", 24),
            ("Address", 196), ("Phone", 70)]
    y = pb.table(36, y, cols, _ptable_rows(ctx, pb, people, redact), row_h=14, ruled=r.random() < 0.7,
                 head_fill=None if r.random() < 0.5 else 0.9)
    y -= 8
    vehs = [x for x in (v, sv) if x is not None]
    if vehs:
        pb.rect(36, y - 13, pb.w - 72, 13, fill=0.82, stroke=None)
        pb.t(40, y - 9.5, "VEHICLES", st.head_font, 8)
        y -= 15
        vcols = [("Role", 52), ("Year", 32), ("Make", 62), ("Model", 70), ("Color", 42), ("Plate", 62),
                 ("State", 32), ("VIN", 188)]
        vrows = []
        for x in vehs:
            role = "VICTIM" if x is v else "SUSPECT"
            vrows.append([role, str(x.year), x.make, x.model, x.color_code, (x.plate_printed, ctx.plate_ents(x)),
                          x.plate_state, x.vin])
        y = pb.table(36, y, vcols, vrows, row_h=14, ruled=True, head_fill=0.92)
        y -= 8
    pb.rect(36, y - 13, pb.w - 72, 13, fill=0.82, stroke=None)
    pb.t(40, y - 9.5, "NARRATIVE", st.head_font, 8)
    y -= 18
    upper = r.random() < 0.3
    m = B.nmap(ctx, people, ofc, v, sv, loc=loc, upper=upper,
               extra={"CHARGE": desc.lower() if not upper else desc.upper()})
    paras = B.scenario_paras(ctx, scen, m, upper)
    paras += _extra_paras(ctx, people, ofc, upper)
    paras += N.filler_paras(r, m, r.choice([0, 1, 2, 3, 4, 5]), upper)
    bf = r.choice(["Courier", "Times-Roman", "Helvetica", "DejaVuSans"])
    bs = 10 if bf != "Courier" else 9.5
    sig_zone = 112

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, "INCIDENT REPORT - NARRATIVE CONTINUATION", ag.print_case(r, case, "label"),
                                      ctx.case_ents(case), form_no, draw_order="reading")
        return pb2, 40, y2, pb2.w - 80, 60

    first_pb = pb
    lastpb, yend = B.flow(ctx, pb, 40, y, pb.w - 80, sig_zone, paras, bf, bs, new_page)
    # signature area on page 1
    yy = 92
    ln = first_pb.newline()
    signature_block(ctx, first_pb, 36, yy, 230, ofc, "Reporting Officer Signature")
    signature_block(ctx, first_pb, 330, yy, 230, sup, "Approved By (Supervisor)")
    footer(ctx, first_pb, form_no, page_of=True, printed_by=r.random() < 0.4,
           extra="This report is the property of " + ag.name + ". Release is governed by state public records law." if r.random() < 0.5 else None)
    maybe_stamp(ctx, first_pb, "police", 0.3)
    return "incident_report", None, 0


def incident_boxed(ctx: Ctx):
    """Boxed offense/incident report (sheriff / state style): tiny labels in box corners."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_size = r.choice([5.0, 5.5, 6.0])
    scen, people, v, sv, loc = _setup(ctx)
    ofc = ctx.officer()
    sup = ctx.officer(rank="Sgt.") if r.random() < 0.6 else None
    case = ag.new_case(r, ctx.d)
    case_p = ag.print_case(r, case, "label")
    order = r.choice(["template_first", "template_shuffled", "fill_first", "template_first"])
    pb = ctx.page("boxed_grid", st, LETTER, order)
    form_no = r.choice(["OFFENSE/INCIDENT REPORT  Form OR-2 (Rev. 03/2020)", f"{ag.short} Form 12-A", "IBR-1 (01/2022)"])
    y = agency_header(ctx, pb, "OFFENSE / INCIDENT REPORT", variant=r.choice([1, 2]))
    W = pb.w - 72
    x0 = 36
    code, desc = _charge(ctx)
    h = 24
    rh, rm = r.randint(0, 23), r.randint(0, 59)
    y = pb.grid_row(x0, y, h, [(0.22, ag.case_label, case_p, ctx.case_ents(case)),
                               (0.16, "Date Reported", ctx.date()), (0.12, "Time Reported", ctx.time(rh, rm)),
                               (0.16, "Date Occurred", ctx.date()), (0.12, "Time Occurred", ctx.time(r.randint(0, 23), r.randint(0, 59))),
                               (0.22, "Zone / Beat", f"{r.choice('ABCDE')}{r.randint(1, 9)} / {r.randint(10, 99)}")], W)
    y = pb.grid_row(x0, y, h, [(0.5, "Offense (Statute - Description)", f"{code} - {desc}"),
                               (0.5, "Location of Offense", loc)], W)
    # report type checkboxes row
    pb.rect(x0, y - 16, W, 16)
    pb.checks(x0 + 4, y - 11, [("Offense", True), ("Incident", False), ("Supplement", False),
                               ("Arrest Made", "S" in people and r.random() < 0.5), ("Cleared Exceptionally", False)],
              mode=r.choice(["text", "box"]), gap=14)
    y -= 16
    redact = r.random() < 0.25
    for k in ["RP", "V", "S", "W"]:
        p = people.get(k)
        if p is None:
            continue
        pb.rect(x0, y - 11, W, 11, fill=0.85, stroke=0.0)
        pb.t(x0 + 3, y - 8.5, CODE_WORD[k], st.head_font, 7)
        y -= 11
        nm, ents = ctx.nm(p, r.choice(["lfc", "lfn"]), upper=st.caps)
        y = pb.grid_row(x0, y, h, [(0.42, "Name (Last, First, Middle)", nm, ents), (0.06, "Race", p.race),
                                   (0.06, "Sex", p.sex), (0.14, "DOB", REDACT if redact and k != "S" else ctx.date(p.dob, "mdy")),
                                   (0.06, "Age", str(p.age_on(ctx.d))), (0.08, "Hgt", height_str(p.height, 1)),
                                   (0.08, "Wgt", str(p.weight)), (0.10, "Hair/Eyes", f"{p.hair}/{p.eyes}")], W)
        cells = [(0.40, "Home Address", p.addr.street), (0.18, "City", p.addr.city), (0.07, "State", p.addr.state),
                 (0.10, "Zip", p.addr.zip), (0.25, "Phone", "" if redact and k != "S" else p.phone)]
        y = pb.grid_row(x0, y, h, cells, W)
        if redact and k != "S":
            pb.redact(x0 + W * 0.75 + 4, y + 3, W * 0.2, 9)
        if k == "S" or r.random() < 0.4:
            y = pb.grid_row(x0, y, h, [(0.35, "Driver License No.", p.dl), (0.10, "DL State", p.dl_state),
                                       (0.30, "Employer / School", r.choice(["", "unemployed", "Walmart", "self", "Linn-Benton CC"])),
                                       (0.25, "Injury", r.choice(["None", "Minor", "None", "Possible"]))], W)
    for x in (v, sv):
        if x is None:
            continue
        pb.rect(x0, y - 11, W, 11, fill=0.85, stroke=0.0)
        pb.t(x0 + 3, y - 8.5, "VEHICLE", st.head_font, 7)
        y -= 11
        y = pb.grid_row(x0, y, h, [(0.15, "License Plate", x.plate_printed, ctx.plate_ents(x)), (0.07, "State", x.plate_state),
                                   (0.07, "Year", str(x.plate_year)), (0.08, "Veh Yr", str(x.year)), (0.10, "Make", x.make_code),
                                   (0.14, "Model", x.model), (0.08, "Style", x.body), (0.08, "Color", x.color_code),
                                   (0.23, "VIN", x.vin)], W)
    # narrative box
    y -= 4
    pb.t(x0, y - 8, "NARRATIVE", st.head_font, 8)
    y -= 12
    upper = r.random() < 0.4
    m = B.nmap(ctx, people, ofc, v, sv, loc=loc, upper=upper, extra={"CHARGE": desc.lower()})
    paras = B.scenario_paras(ctx, scen, m, upper)
    paras += N.filler_paras(r, m, r.choice([0, 1, 2, 3, 4]), upper)
    bf = r.choice(["Courier", "Helvetica", "DejaVuSansMono", "Times-Roman"])

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, "NARRATIVE (CONTINUED)", ag.print_case(r, case, "label"),
                                      ctx.case_ents(case), form_no)
        return pb2, 40, y2, pb2.w - 80, 60

    B.flow(ctx, pb, x0 + 4, y, W - 8, 104, paras, bf, 9.5, new_page)
    # officer boxes at bottom of page 1
    yb = 96
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    cells = [(0.36, "Reporting Officer", onm, oents), (0.12, ag.badge_label, ofc.badge)]
    if sup:
        snm, sents = ctx.ofc(sup, with_rank=True, upper=st.caps)
        cells += [(0.36, "Supervisor Approval", snm, sents), (0.16, "Date Approved", ctx.date())]
    else:
        cells += [(0.52, "Status", r.choice(["Open", "Inactive", "Cleared by Arrest", "Referred to DA"]))]
    pb.grid_row(x0, yb, 26, cells, W)
    if sup:
        pb.scribble(x0 + W * 0.62, yb - 23, 50, 8, kind="initials")
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.3)
    return "incident_report", None, 0


def incident_underline(ctx: Ctx):
    """Underline-style field report: values typed on rules, labels printed under the rules."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.label_caps = r.random() < 0.5
    scen, people, v, sv, loc = _setup(ctx)
    ofc = ctx.officer()
    case = ag.new_case(r, ctx.d)
    case_p = ag.print_case(r, case, "label")
    order = r.choice(["fill_first", "template_first", "template_shuffled"])
    pb = ctx.page("underline", st, LETTER, order)
    form_no = r.choice(["Field Report  Form 3 (Rev. 8/18)", f"{ag.short}-FR-3", "Form PD-33"])
    y = agency_header(ctx, pb, r.choice(["FIELD REPORT", "INCIDENT REPORT", "CALL FOR SERVICE REPORT"]))
    y -= 14
    x0, W = 40, pb.w - 80
    code, desc = _charge(ctx)

    def urow(y, fields):
        x = x0
        for frac, val, lab, *e in fields:
            wd = frac * W
            pb.ufield(x + 2, y, wd - 8, val, lab, ents=e[0] if e else ())
            x += wd
        return y - 30

    y = urow(y, [(0.3, case_p, ag.case_label, ctx.case_ents(case)), (0.2, ctx.date(), "Date"),
                 (0.15, ctx.time(r.randint(0, 23), r.randint(0, 59)), "Time"), (0.35, SCEN_TITLES[scen][0], "Nature of Call")])
    y = urow(y, [(0.65, loc, "Location"), (0.35, f"{code}", "Statute")])
    for k in ["RP", "V", "S", "W"]:
        p = people.get(k)
        if p is None:
            continue
        nm, ents = ctx.nm(p, r.choice(["lfc", "nat", "lfn"]), upper=st.caps)
        y = urow(y, [(0.45, nm, f"{CODE_WORD[k].title()} Name", ents), (0.17, ctx.date(p.dob, "mdy"), "DOB"),
                     (0.08, p.sex, "Sex"), (0.08, p.race, "Race"), (0.22, p.phone, "Phone")])
        y = urow(y, [(0.6, p.addr.one_line(), "Address"), (0.4, p.dl + " " + p.dl_state, "OLN / State")])
    for x in (v, sv):
        if x is None:
            continue
        y = urow(y, [(0.2, x.plate_printed, "Plate", ctx.plate_ents(x)), (0.08, x.plate_state, "State"),
                     (0.35, f"{x.year} {x.make} {x.model}", "Year / Make / Model"), (0.1, x.color_code, "Color"),
                     (0.27, x.vin, "VIN")])
    y -= 2
    pb.t(x0, y, "Narrative" if not st.label_caps else "NARRATIVE", st.head_font, 8.5)
    y -= 6
    upper = r.random() < 0.25
    m = B.nmap(ctx, people, ofc, v, sv, loc=loc, upper=upper, extra={"CHARGE": desc.lower()})
    paras = B.scenario_paras(ctx, scen, m, upper)
    paras += N.filler_paras(r, m, r.choice([0, 1, 2, 3]), upper)
    bf = r.choice(["Courier", "Helvetica", "Times-Roman"])
    lead = 15.0
    # ruled narrative lines
    yy = y - 9.5 - 2.5
    while yy > 112:
        pb.line(x0, yy, x0 + W, yy, lw=0.3, gray=0.45)
        yy -= lead

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, "CONTINUATION", ag.print_case(r, case, "label"), ctx.case_ents(case), form_no)
        return pb2, 40, y2, pb2.w - 80, 60

    B.flow(ctx, pb, x0 + 2, y, W - 4, 118, paras, bf, 9.5, new_page, lead=lead, para_gap=0)
    onm, oents = ctx.ofc(ofc, with_rank=True, upper=st.caps)
    pb.scribble(x0 + 60, 96, 90, 9)
    pb.ufield(x0, 80, 220, onm, "Officer", ents=oents)
    pb.ufield(x0 + 240, 80, 80, ofc.badge, ag.badge_label)
    pb.ufield(x0 + 340, 80, 190, r.choice(["", ctx.date()]), "Date Submitted")
    footer(ctx, pb, form_no)
    maybe_stamp(ctx, pb, "police", 0.3)
    return "incident_report", None, 0


def supplement(ctx: Ctx):
    """Supplemental / follow-up narrative report by a detective."""
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    scen, people, v, sv, loc = _setup(ctx, r.choice(["burglary", "assault", "theft_vehicle", "fraud", "stolen_vehicle"]))
    det = ctx.officer(rank=r.choice(["Det.", "Inv.", "Det."]))
    orig = ctx.officer()
    case = ag.new_case(r, ctx.d)
    order = r.choice(["reading", "template_first", "shuffled_lines"])
    pb = ctx.page("narrative", st, LETTER, order)
    form_no = r.choice(["Supplemental Report  Form 101-S", None, f"{ag.short} SUPP (Rev. 2020)"])
    y = agency_header(ctx, pb, "SUPPLEMENTAL REPORT", variant=r.choice([0, 2]))
    y -= 6
    # two-column label / value (geometry e: label column left of value column)
    items = [(ag.case_label, ag.print_case(r, case, "label"), ctx.case_ents(case)),
             ("Supplement No.", str(r.randint(1, 4)), ()),
             ("Original Offense", SCEN_TITLES[scen][0], ()),
             ("Original Officer", *ctx.ofc(orig, with_rank=True, with_badge=True)),
             ("Author", *ctx.ofc(det, with_rank=True)),
             ("Date of Supplement", ctx.date(ctx.d.__class__.fromordinal(ctx.d.toordinal() + r.randint(1, 20))), ())]
    for lab, val, ents in items:
        ln = pb.newline()
        pb.t(40, y, lab + ":", st.label_font, 8.5, line=ln)
        pb.t(150, y, pb.val(val), st.value_font, 9.5, "fill", ents=ents, line=ln)
        y -= 13
    y -= 4
    pb.hrule(y)
    y -= 8
    pb.t(40, y - 9, "SYNOPSIS / FOLLOW-UP", st.head_font, 9)
    y -= 14
    upper = r.random() < 0.2
    # only the victim and suspect are named in full in a supplement, so only they may be referred to by surname
    named = {k: p for k, p in people.items() if k in ("V", "S")}
    for k, p in people.items():
        if k not in named:
            ctx.roles.pop(p.pid, None)
            ctx.people.remove(p)
    m = B.nmap(ctx, named, det, v, sv, loc=loc, upper=upper, extra={"CHARGE": "the offense"})
    paras = []
    V = people.get("V")
    S = people.get("S")
    if V:
        paras.append(_fu(ctx, [
            "On {DATE} I was assigned this case for follow-up. I reviewed the original report written by {ORIG}.",
            "This case was assigned to me on {DATE}. I read the report by {ORIG} and the attached statements."], m, orig, upper))
        paras.append(_fu(ctx, [
            "I telephoned the victim, {V}, who confirmed the information in the original report and had nothing to add.",
            "I met with {V} at {VPOS} residence. {VPRON_CAP} provided a written statement, which is attached.",
            "{V} emailed me photographs and additional information about the incident."], m, orig, upper))
    if S:
        paras.append(_fu(ctx, [
            "A check of pawn records showed an item matching the description pawned by {S} on {DATE}.",
            "I interviewed {S} at the station after advising {SOBJ} of {SPOS} rights. {SPRON_CAP} denied involvement.",
            "I showed a six-pack photo lineup to the witness, who identified {S} in position four."], m, orig, upper))
    paras += N.filler_paras(r, m, r.choice([1, 2, 3, 4, 6]), upper)
    paras.append(_fu(ctx, [
        "I request this case be forwarded to the {DA} for review of charges.",
        "There are no further leads at this time. Case inactive.",
        "This case is cleared by arrest. See the arrest report for details.",
        "I will continue to follow up as information becomes available."], m, orig, upper,
        extra={"DA": ag.prosecutor}))
    bf = r.choice(["Times-Roman", "Courier", "DejaVuSerif", "Helvetica"])

    def new_page():
        pb2, y2 = B.continuation_page(ctx, st, "SUPPLEMENTAL REPORT (CONT.)", ag.print_case(r, case, "label"),
                                      ctx.case_ents(case), form_no)
        return pb2, 40, y2, pb2.w - 80, 60

    lastpb, yend = B.flow(ctx, pb, 40, y, pb.w - 80, 70, paras, bf, 10.5, new_page, indent=18)
    if yend > 100:
        signature_block(ctx, lastpb, 40, yend - 28, 220, det, "Investigator")
    if form_no or True:
        footer(ctx, pb, form_no, page_of=True)
    maybe_stamp(ctx, pb, "police", 0.25)
    return "incident_report", None, 0


def _fu(ctx, alts, m, orig, upper, extra=None):
    from . import narrative as N
    mm = dict(m)
    mm["ORIG"] = ctx.ofc(orig, with_rank=True)
    if extra:
        mm.update(extra)
    segs = N.fill(ctx.rng.choice(alts), mm)
    if upper:
        segs = [(t.upper(), e) for t, e in segs]
    return segs


EXTRA = [
    "I requested that dispatch check the area cameras; the request was forwarded to the city IT department.",
    "All parties were advised of the case number and how to obtain a copy of this report.",
    "Body-worn camera footage of the contact was uploaded and tagged with this case number.",
    "I cleared the scene at {T2} hours.",
    "Additional statements were obtained and are attached to this report.",
    "I provided {V} with a crime victim rights brochure.",
    "I checked the residence and surrounding yard for additional evidence but located none.",
    "A follow-up was requested to identify any additional witnesses.",
    "I contacted {W} again by phone the following day; {WPRON} had nothing further to add.",
    "{S} was later released to a family member with a citation to appear.",
]


def _extra_paras(ctx, people, ofc, upper):
    """Extra closing sentences so narratives often need a continuation sheet."""
    from . import narrative as N
    r = ctx.rng
    n = r.choice([0, 0, 1, 2, 3])
    out = []
    m = B.nmap(ctx, people, ofc, upper=upper)
    m["T2"] = f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}"
    for _ in range(n):
        sents = r.sample(EXTRA, 3)
        segs = []
        for s_ in sents:
            try:
                part = N.fill(s_, m)
            except KeyError:
                continue
            if segs:
                segs.append((" ", []))
            segs += part
        if segs:
            out.append([(t.upper() if upper else t, e) for t, e in segs])
    return out

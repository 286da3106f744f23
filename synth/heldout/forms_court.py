"""Court paperwork: subpoenas, arrest warrants, complaints/informations, docket sheets, motions and
appellate opinions."""
from __future__ import annotations

from . import blocks as B
from . import narrative as N
from .common import Ctx, maybe_stamp
from .layout import LEGAL, LETTER, PB
from .people import STATE_NAMES, height_str
import math

from .util import add_days, digits, fmt_date, fmt_time, next_weekday, ordinal

BAR = {"OR": ("OSB No.", 6), "NY": ("Bar Reg. No.", 7), "TX": ("State Bar No.", 8), "FL": ("Florida Bar No.", 7),
       "MO": ("MBE #", 5), "WI": ("State Bar No.", 7)}
PROS_TITLE = {"OR": "Deputy District Attorney", "NY": "Assistant District Attorney", "TX": "Assistant County Attorney",
              "FL": "Assistant State Attorney", "MO": "Assistant Prosecuting Attorney", "WI": "Assistant District Attorney"}
FIRMS = ["Hollister & Vance LLP", "Whitcomb Law Office", "Brennan Legal Group, P.C.", "Ortega & Fisk",
         "Public Defender's Office", "Kessler Criminal Defense", "Morrow Law, LLC", "Greer, Paulsen & Ames"]


def bar_no(ctx: Ctx, atty=None) -> str:
    lab, n = BAR[ctx.ag.home_state]
    if atty is not None:
        if not getattr(atty, "bar", None):
            atty.bar = digits(ctx.rng, n)
        return f"{lab} {atty.bar}"
    return f"{lab} {digits(ctx.rng, n)}"


def court_style(ctx: Ctx):
    st = ctx.style("court")
    return st


def court_head(pb: PB, court, y: float, font: str, size=11.0) -> float:
    for line in court.caption:
        pb.t(pb.w / 2, y, line, font, size, align="center")
        y -= size * 1.25
    return y - 8


def caption(ctx: Ctx, pb: PB, court, dfd, y: float, right_lines: list, federal=False, plaintiff=None,
            dfd_label="Defendant.", style=None, x0=None) -> float:
    """Party block on the left with a ')' or '§' column; case number / title block on the right.
    Reading: court lines, the left block line by line, then the right block."""
    r = ctx.rng
    st = pb.st
    f, fb = st.body_font, st.head_font
    fs = 11.0
    y = court_head(pb, ctx_court_caption(ctx, court, federal), y, fb, fs)
    party = plaintiff or ("UNITED STATES OF AMERICA" if federal else ctx.ag.state_party)
    style = style or {"TX": "section", "NY": "against"}.get(ctx.ag.home_state, r.choice(["paren", "paren", "vs"]))
    dn, de = ctx.nm(dfd, "nat", upper=True)
    x0 = x0 or (72 if pb.w > 600 else 48)
    xm = pb.w / 2 + 6
    if style == "against":
        left = [(party + ",", []), ("", []), ("-against-", []), ("", []), (dn + ",", de), ("", []), (dfd_label, [])]
        sep = ""
    else:
        if party.startswith("THE PEOPLE") or party.startswith("UNITED") or party.startswith("THE STATE"):
            pl = party + ","
        else:
            pl = party + ","
        left = [(pl, []), ("", []), ("Plaintiff,", []), ("", []), ("v." if style != "vs" else "vs.", []), ("", []),
                (dn + ",", de), ("", []), (dfd_label, [])]
        sep = "§" if style == "section" else ")"
    lead = 13.0
    yy = y
    for text, ents in left:
        ln = pb.newline()
        if text:
            ind = 36 if text in ("Plaintiff,", dfd_label, "-against-") else 0
            pb.t(x0 + ind, yy, text, f, fs, "fill" if ents else "form", ents=ents, line=ln, maxw=xm - x0 - ind - 20)
        if sep:
            pb.t(xm - 14, yy, sep, f, fs, line=ln)
        yy -= lead
    if style == "against":
        pb.rect(x0 - 6, yy + 4, xm - x0 - 4, y - yy + 6, lw=0.6)
    elif style == "vs":
        pb.line(x0, yy + 6, xm - 20, yy + 6, lw=0.6)
    # right block
    ry = y - lead
    for text, ents, bold in right_lines:
        if text:
            pb.t(xm + 6, ry, text, fb if bold else f, fs + (1 if bold else 0), "fill" if ents else "form", ents=ents,
                 maxw=pb.w - xm - 40)
        ry -= lead * (1.4 if bold else 1.0)
    return min(yy, ry) - 10


def ctx_court_caption(ctx, court, federal):
    return ctx.ag.courts["federal"] if federal else court


def _prosecutor(ctx: Ctx):
    p = ctx.person("attorney", age=(28, 64))
    return p


def _sig_attorney(ctx: Ctx, pb: PB, x, y, atty, title, firm_lines, es=True, w=None):
    st = pb.st
    mw = w or (pb.w - x - 30)
    f = st.body_font
    if es:
        ln = pb.newline()
        pb.t(x, y, "/s/ " + atty.name("nat"), "Times-Italic" if f.startswith("Times") else f, 11, "fill",
             ents=[("person", atty.truth_name(), ctx.roles[atty.pid])], line=ln)
    else:
        pb.scribble(x + 5, y, 110, 11)
    y -= 4
    pb.line(x, y, x + 220, y, lw=0.5)
    y -= 12
    nm = atty.name("nat", upper=ctx.rng.random() < 0.5)
    pb.t(x, y, f"{nm}, {bar_no(ctx, atty)}", f, 10.5, "fill", maxw=mw, ents=[("person", atty.truth_name(), ctx.roles[atty.pid])])
    y -= 12.5
    for line in [title] + firm_lines:
        pb.t(x, y, line, f, 10.5, maxw=mw)
        y -= 12.5
    return y


# ------------------------------------------------------------------ subpoena
def subpoena(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = court_style(ctx)
    dfd = ctx.person("defendant")
    to_officer = r.random() < 0.55
    wit = ctx.officer() if to_officer else ctx.person("witness")
    pros = _prosecutor(ctx)
    clerk = ctx.person("other", age=(24, 66)) if r.random() < 0.6 else None
    kind = r.choice(["criminal", "criminal", "traffic"])
    court = ag.courts.get("circuit") or ag.courts.get("county") or ag.courts.get("town")
    if ag.home_state == "TX":
        court = ag.courts["county" if kind == "criminal" else "justice"]
        kind = "criminal" if kind == "criminal" else "traffic"
    if ag.home_state == "NY" and kind == "traffic":
        court = ag.courts["town"]
    if ag.home_state == "MO" and kind == "traffic":
        court = ag.courts["municipal"]
    cno = ag.new_court(r, ctx.d, kind)
    cp = ctx.print_court_no(cno)
    case = ag.new_case(r, ctx.d) if r.random() < 0.6 else None
    ad = next_weekday(add_days(ctx.d, r.randint(20, 90)))
    ah, am = r.choice([(8, 30), (9, 0), (9, 0), (13, 30), (10, 0), (13, 0)])
    room = r.choice(court.rooms)
    order = r.choice(["reading", "template_first", "shuffled_lines", "fill_first"])
    pb = ctx.page("caption_body", st, r.choice([LETTER, LETTER, LEGAL]), order)
    y = pb.h - 60
    lab = {"TX": "CAUSE NO.", "NY": "Docket No."}.get(ag.home_state, "Case No.")
    title = "SUBPOENA DUCES TECUM" if (case and r.random() < 0.5) else "SUBPOENA"
    y = caption(ctx, pb, court, dfd, y, [(f"{lab} {cp}", ctx.court_ents(cp), False), ("", [], False),
                                         (title, [], True), ("(Criminal)" if kind == "criminal" else "", [], False)])
    f, fs = st.body_font, st.body_size
    x0, W = 72, pb.w - 144
    y -= 6
    wn, we = (ctx.ofc(wit, with_rank=True) if to_officer else ctx.nm(wit, "nat"))
    ln = pb.newline()
    pb.t(x0, y, "TO:", st.head_font, fs, line=ln)
    pb.t(x0 + 36, y, wn, f, fs, "fill", ents=we, line=ln)
    y -= fs * 1.3
    if to_officer:
        ln = pb.newline()
        pb.t(x0 + 36, y, f"{ag.badge_label} {wit.badge}", f, fs, "fill", line=ln)
        y -= fs * 1.3
        pb.t(x0 + 36, y, ag.name, f, fs, "fill")
        y -= fs * 1.3
        pb.t(x0 + 36, y, f"{ag.street}, {ag.city}, {ag.home_state} {ag.zip}", f, fs, "fill")
    else:
        pb.t(x0 + 36, y, wit.addr.street, f, fs, "fill")
        y -= fs * 1.3
        pb.t(x0 + 36, y, wit.addr.city_line(), f, fs, "fill")
    y -= fs * 2.2
    cmd = r.choice(["YOU ARE COMMANDED TO APPEAR", "YOU ARE HEREBY COMMANDED TO APPEAR", "YOU ARE COMMANDED TO APPEAR AND TESTIFY"])
    date_s = fmt_date(ad, r.choice(["long", "mdy"]))
    time_s = fmt_time(ah, am, r.choice(["ampm", "ampm_dots"]))
    body = (f"{cmd} before the {court.name}, {court.street}, {court.city_line}"
            + (f", {room}," if room else ",") + f" on {date_s}, at {time_s}, to testify as a witness in the above-entitled "
            f"action on behalf of the {'State' if r.random() < 0.75 else 'Defendant'}, and to remain until excused by the Court.")
    y = pb.para(x0, y, W, [(body, [])], font=f, size=fs, lead=fs * 1.45, layer="fill", first_indent=36) - 8
    if title.endswith("TECUM") and case:
        cpr = ag.print_case(r, case, "free")
        y = pb.para(x0, y, W, [("YOU ARE FURTHER COMMANDED to bring with you the following: all reports, supplemental reports, "
                                "photographs, audio and video recordings, body-worn camera footage and dispatch logs relating to "
                                f"{ag.short} Case No.", []), (cpr + ".", ctx.case_ents(case))],
                    font=f, size=fs, lead=fs * 1.45, layer="fill", first_indent=36) - 8
    elif case:
        cpr = ag.print_case(r, case, "label")
        ln = pb.newline()
        pb.t(x0, y - fs, "Agency Case No.:", f, fs, line=ln)
        pb.t(x0 + pb.width("Agency Case No.:  ", f, fs), y - fs, cpr, f, fs, "fill", ents=ctx.case_ents(case), line=ln)
        y -= fs * 2
    y = pb.para(x0, y, W, [("Failure to obey this subpoena without adequate excuse may be deemed a contempt of the court "
                            "from which the subpoena issued. If you have questions about this subpoena or your appearance, "
                            "contact the attorney named below.", [])], font=f, size=fs - 0.5, lead=fs * 1.4, layer="form",
                first_indent=36) - 12
    issued = add_days(ctx.d, r.randint(1, 10))
    ctx.filed = issued
    pb.t(x0, y, f"DATED: {fmt_date(issued, 'long')}", f, fs, "fill")
    y -= 30
    pros_title = PROS_TITLE[ag.home_state]
    xs = pb.w / 2 + 10
    pb.t(x0, y, "Issued at the request of:", f, fs - 1)
    yy = _sig_attorney(ctx, pb, x0, y - 20, pros, pros_title, [ag.prosecutor, f"{ag.city}, {ag.home_state} {ag.zip}"],
                       es=r.random() < 0.5, w=xs - x0 - 14)
    if clerk:
        cn, ce = ctx.nm(clerk, "nat")
        pb.scribble(xs + 10, y - 18, 90, 9)
        pb.line(xs, y - 20, xs + 180, y - 20, lw=0.5)
        ln = pb.newline()
        pb.t(xs, y - 32, "By:", f, fs - 1, line=ln)
        pb.t(xs + 20, y - 32, cn, f, fs - 1, "fill", ents=ce, line=ln)
        pb.t(xs, y - 44, "Deputy Clerk", f, fs - 1)
    y = min(yy, y - 60) - 16
    if y > 150:
        pb.line(x0, y, pb.w - x0, y, lw=0.8)
        y -= 14
        pb.t(pb.w / 2, y, "RETURN OF SERVICE", st.head_font, fs, align="center")
        y -= 6
        y = pb.para(x0, y, W, [("I certify that I served this subpoena upon the person named above by delivering a copy to "
                                "that person personally on ____________________, 20____.", [])], font=f, size=fs - 1,
                    layer="form")
        pb.line(x0, y - 22, x0 + 200, y - 22, lw=0.5)
        pb.t(x0, y - 32, "Signature of Server", f, fs - 2)
    pb.t(pb.w / 2, 30, f"SUBPOENA - Page 1 of 1", f, 9, align="center")
    maybe_stamp(ctx, pb, "court", 0.3)
    app = {"date": ad.isoformat(), "time": f"{ah:02d}:{am:02d}", "court": court.name, "courtroom": room,
           "officer_badge": wit.badge if to_officer else None}
    return "subpoena", app, 0


# ------------------------------------------------------------------ warrant
def warrant(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = court_style(ctx)
    dfd = ctx.person("defendant")
    judge = ctx.person("other", age=(40, 72))
    affiant = ctx.officer() if r.random() < 0.6 else None
    court = ag.courts.get("circuit") or ag.courts.get("county")
    cno = ag.new_court(r, ctx.d, "criminal")
    cp = ctx.print_court_no(cno)
    case = ag.new_case(r, ctx.d)
    order = r.choice(["reading", "template_first", "fill_first"])
    pb = ctx.page("caption_body", st, LETTER, order)
    y = pb.h - 54
    lab = {"TX": "CAUSE NO.", "NY": "Docket No."}.get(ag.home_state, "Case No.")
    y = caption(ctx, pb, court, dfd, y, [(f"{lab} {cp}", ctx.court_ents(cp), False), ("", [], False),
                                         ("WARRANT OF ARREST", [], True)])
    f, fs = st.body_font, st.body_size
    x0, W = 72, pb.w - 144
    pb.t(x0, y, f"TO ANY PEACE OFFICER IN THE STATE OF {ag.state_name.upper()}:", st.head_font, fs)
    y -= fs * 1.8
    he, his, him, He = N.PRONOUNS[dfd.sex]
    charges = r.sample(ag.statutes["criminal"], r.randint(1, 2))
    doc = r.choice(["A Complaint", "An Information", "A sworn Complaint"])
    dn, de = ctx.nm(dfd, "nat", upper=r.random() < 0.5)
    y = pb.para(x0, y, W, [(f"{doc} having been filed in this Court charging the defendant,", []), (dn + ",", de),
                           ("with the following offense(s):", [])], font=f, size=fs, lead=fs * 1.45, first_indent=36, layer="fill") - 4
    for i, (code, desc) in enumerate(charges, 1):
        pb.t(x0 + 36, y - fs, f"Count {i}: {desc}, {code}", f, fs, "fill")
        y -= fs * 1.4
    y -= 6
    y = pb.para(x0, y, W, [(f"YOU ARE THEREFORE COMMANDED to arrest the above-named defendant and bring {him} before this "
                            "Court without unnecessary delay, or if the Court is not in session, to deliver the defendant to "
                            f"the custody of the {ag.county} County Jail.", [])],
                font=f, size=fs, lead=fs * 1.45, first_indent=36, layer="form") - 6
    bail = r.choice(["$2,500", "$5,000", "$10,000", "$25,000", "NO BAIL", "$1,500 cash or surety"])
    ln = pb.newline()
    sp = pb.t(x0, y - fs, "Bail set at:", f, fs, line=ln)
    pb.t(pb.end(sp) + 8, y - fs, bail, st.head_font, fs, "fill", line=ln)
    y -= fs * 2.4
    pb.t(x0, y, "DEFENDANT DESCRIPTION", st.head_font, fs - 1)
    y -= 4
    rows = [["Name", (dfd.name("lfc", True), [("person", dfd.truth_name(), "defendant")])],
            ["Date of Birth", fmt_date(dfd.dob, "mdy")], ["Sex / Race", f"{dfd.sex} / {dfd.race}"],
            ["Height / Weight", f"{height_str(dfd.height, 0)} / {dfd.weight}"],
            ["Last Known Address", dfd.addr.one_line()], ["Driver License", f"{dfd.dl} ({dfd.dl_state})"],
            ["Agency / Case No.", (f"{ag.short} {ag.print_case(r, case, 'label')}", ctx.case_ents(case))]]
    pb2 = pb
    yt = pb.table(x0, y, [("Item", 130), ("Information", W - 130)], rows, row_h=15, ruled=True, head_fill=0.9,
                  vsize=10, hsize=8, vfont=f)
    y = yt - 18
    issued = add_days(ctx.d, r.randint(0, 6))
    pb.t(x0, y, f"ISSUED this {fmt_date(issued, 'ordinal')}.", f, fs, "fill")
    y -= 40
    jn = judge.name("nat")
    pb.scribble(pb.w / 2 + 20, y + 4, 120, 12)
    pb.line(pb.w / 2, y, pb.w - x0, y, lw=0.5)
    ttl = {"OR": "Circuit Court Judge", "NY": "County Court Judge", "TX": "Judge, County Court at Law No. 2",
           "FL": "County Judge", "MO": "Circuit Judge", "WI": "Circuit Court Judge"}[ag.home_state]
    ln = pb.newline()
    pb.t(pb.w / 2, y - 12, "Hon. " + jn, f, fs, "fill", ents=[("person", judge.truth_name(), "other")], line=ln)
    pb.t(pb.w / 2, y - 24, ttl, f, fs - 1)
    y -= 46
    if y > 120:
        pb.line(x0, y, pb.w - x0, y, lw=0.8)
        y -= 14
        pb.t(pb.w / 2, y, "RETURN", st.head_font, fs, align="center")
        y -= 4
        if affiant and r.random() < 0.6:
            on, oe = ctx.ofc(affiant, with_rank=True)
            ed = add_days(issued, r.randint(1, 30))
            segs = [("I certify that I executed this warrant by arresting the within-named defendant on", []),
                    (fmt_date(ed, "mdy") + ".", [])]
            y = pb.para(x0, y, W, segs, font=f, size=fs - 1, layer="form")
            ln = pb.newline()
            pb.t(x0, y - 16, on, f, fs - 1, "fill", ents=oe, line=ln)
            pb.t(x0 + 230, y - 16, f"{ag.badge_label} {affiant.badge}", f, fs - 1, "fill", line=ln)
            pb.t(x0, y - 28, "Arresting Officer", f, fs - 2)
        else:
            y = pb.para(x0, y, W, [("I certify that I executed this warrant by arresting the within-named defendant on "
                                    "______________, 20___, at ______________________.", [])], font=f, size=fs - 1, layer="form")
            pb.line(x0, y - 24, x0 + 200, y - 24, lw=0.5)
            pb.t(x0, y - 34, "Officer / Badge No.", f, fs - 2)
    pb.t(pb.w / 2, 28, "WARRANT OF ARREST", f, 8, align="center")
    maybe_stamp(ctx, pb, "court", 0.3)
    if affiant and r.random() < 0.6:
        _pc_affidavit(ctx, st, dfd, affiant, judge, case, cp, charges, issued)
    return "warrant", None, 0


def _pc_affidavit(ctx, st, dfd, affiant, judge, case, cp, charges, issued):
    ag, r = ctx.ag, ctx.rng
    pb = ctx.page("caption_body", st, LETTER, r.choice(["reading", "shuffled_lines"]))
    f, fs = st.body_font, st.body_size
    x0, W = 72, pb.w - 144
    y = pb.h - 60
    pb.t(pb.w / 2, y, "AFFIDAVIT IN SUPPORT OF ARREST WARRANT", st.head_font, fs + 1, align="center")
    y -= 16
    ln = pb.newline()
    pb.t(pb.w / 2 - 60, y, "Case No.", f, fs, line=ln)
    pb.t(pb.w / 2, y, cp, f, fs, "fill", ents=ctx.court_ents(cp), line=ln)
    y -= 28
    on, oe = ctx.ofc(affiant, with_rank=True)
    dn, de = ctx.nm(dfd, "nat")
    cpr = ag.print_case(r, case, "free")
    paras = [
        [("I,", []), (on + ",", oe), (f"being first duly sworn, depose and state that I am a certified peace officer employed by "
                                    f"the {ag.name}, {ag.badge_label} {affiant.badge}.", [])],
        [(f"On {fmt_date(ctx.d, 'long')} I investigated a report documented under {ag.short} case number", []),
         (cpr + ".", ctx.case_ents(case)), ("My investigation established that", []), (dn, de),
         (f"committed the offense of {charges[0][1].lower()} in {ag.county} County.", [])],
    ]
    m = {"S": (dn, de), "S.s": dfd.last, "SPRON": N.PRONOUNS[dfd.sex][0], "SPOS": N.PRONOUNS[dfd.sex][1],
         "SOBJ": N.PRONOUNS[dfd.sex][2], "SPRON_CAP": N.PRONOUNS[dfd.sex][3], "O.s": f"{affiant.rank} {affiant.last}"}
    paras += N.filler_paras(r, m, r.randint(1, 3))
    paras.append([("Based on the foregoing, I believe probable cause exists to arrest the defendant for the offense(s) "
                   "charged, and I request that a warrant issue.", [])])
    for segs in paras:
        y = pb.para(x0, y, W, segs, font=f, size=fs, lead=fs * 1.5, first_indent=36) - 8
    y -= 10
    pb.scribble(pb.w / 2 + 20, y - 18, 110, 11)
    pb.line(pb.w / 2, y - 20, pb.w - x0, y - 20, lw=0.5)
    pb.t(pb.w / 2, y - 32, "Affiant", f, fs - 1)
    y -= 56
    pb.t(x0, y, f"Subscribed and sworn to before me on {fmt_date(issued, 'long')}.", f, fs)
    y -= 36
    pb.scribble(pb.w / 2 + 20, y + 2, 110, 11)
    pb.line(pb.w / 2, y, pb.w - x0, y, lw=0.5)
    pb.t(pb.w / 2, y - 12, "Judge", f, fs - 1)
    pb.t(pb.w / 2, 28, "AFFIDAVIT - Page 1 of 1", f, 8, align="center")


# ------------------------------------------------------------------ complaint / information
def complaint(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = court_style(ctx)
    federal = r.random() < 0.2
    dfd = ctx.person("defendant")
    vic = ctx.person("victim") if r.random() < 0.5 else None
    ofc = ctx.officer()
    pros = _prosecutor(ctx)
    court = ag.courts.get("circuit") or ag.courts.get("county")
    cno = ag.new_court(r, ctx.d, "federal" if federal else "criminal")
    cp = ctx.print_court_no(cno)
    case = ag.new_case(r, ctx.d)
    order = r.choice(["reading", "template_first", "shuffled_lines"])
    pb = ctx.page("caption_body", st, r.choice([LETTER, LEGAL]), order)
    y = pb.h - 54
    title = "CRIMINAL COMPLAINT" if federal else r.choice(["CRIMINAL COMPLAINT", "INFORMATION", "MISDEMEANOR INFORMATION",
                                                          "COMPLAINT - MISDEMEANOR"])
    lab = "Case No." if federal else {"TX": "CAUSE NO.", "NY": "Docket No."}.get(ag.home_state, "Case No.")
    right = [(f"{lab} {cp}", ctx.court_ents(cp), False), ("", [], False), (title, [], True)]
    if not federal:
        right.append((f"DA No. {digits(r, 2)}-{digits(r, 5)}", [], False))
    y = caption(ctx, pb, court, dfd, y, right, federal=federal, style="paren" if federal else None)
    f, fs = st.body_font, st.body_size
    x0, W = 72, pb.w - 144
    stname = ag.state_name
    dn, de = ctx.nm(dfd, "nat", upper=True)
    if federal:
        agent = ofc
        agent.rank = r.choice(["Special Agent", "Task Force Officer"])
        segs = [("I, the complainant in this case, state that the following is true to the best of my knowledge and belief. "
                 f"On or about {fmt_date(ctx.d, 'long')}, in the {ag.courts['federal'].name.split(' for the ')[-1] if ' for the ' in ag.courts['federal'].name else 'district'}, the defendant,", []),
                (dn + ",", de), ("violated 18 U.S.C. § 922(g)(1), possession of a firearm by a prohibited person, and 21 U.S.C. "
                                 "§ 841(a)(1), possession with intent to distribute a controlled substance.", [])]
        y = pb.para(x0, y, W, segs, font=f, size=fs, lead=fs * 1.5, first_indent=36) - 8
        cpr = ag.print_case(r, case, "free")
        segs = [("This criminal complaint is based on these facts: On the above date officers of the", []),
                (f"{ag.name} (Case No.", []), (cpr + ")", ctx.case_ents(case)),
                ("stopped a vehicle driven by the defendant and recovered a loaded handgun from under the driver's seat.", [])]
        y = pb.para(x0, y, W, segs, font=f, size=fs, lead=fs * 1.5, first_indent=36) - 8
        on, oe = ctx.ofc(agent, with_rank=True)
        pb.scribble(pb.w / 2 + 20, y - 18, 110, 11)
        pb.line(pb.w / 2, y - 20, pb.w - x0, y - 20, lw=0.5)
        pb.t(pb.w / 2, y - 32, on, f, fs, "fill", ents=oe)
        pb.t(pb.w / 2, y - 44, "Complainant", f, fs - 1)
        y -= 64
        mj = ctx.person("other", age=(40, 70))
        pb.t(x0, y, f"Sworn to before me and signed in my presence on {fmt_date(add_days(ctx.d, 1), 'long')}.", f, fs)
        y -= 34
        pb.scribble(pb.w / 2 + 20, y + 2, 110, 11)
        pb.line(pb.w / 2, y, pb.w - x0, y, lw=0.5)
        mn, me = ctx.nm(mj, "nat")
        pb.t(pb.w / 2, y - 12, mn + ", United States Magistrate Judge", f, fs - 0.5, "fill", ents=me, maxw=pb.w / 2 - x0)
        ctx.roles[pros.pid] = "attorney"
        y -= 40
        if y > 100:
            _sig_attorney(ctx, pb, x0, y, pros, "Assistant United States Attorney", ["United States Attorney's Office"], es=True)
    else:
        pb.t(x0, y, f"The {'undersigned' if r.random() < 0.5 else 'District Attorney'} accuses the defendant of the following:",
             f, fs, "form")
        y -= fs * 2
        counts = r.sample(ag.statutes["criminal"], r.randint(1, 3))
        for i, (code, desc) in enumerate(counts, 1):
            pb.t(pb.w / 2, y, f"COUNT {i}", st.head_font, fs, align="center")
            y -= fs * 1.3
            pb.t(pb.w / 2, y, f"{desc.upper()} ({code})", st.head_font, fs - 0.5, align="center")
            y -= fs * 0.6
            segs = [(f"The defendant,", []), (dn + ",", de) if i == 1 else (dfd.last.upper() + ",", []),
                    (f"on or about {fmt_date(ctx.d, 'long')}, in {ag.county} County, State of {stname}, did unlawfully and "
                     + r.choice(["knowingly", "intentionally", "recklessly"]) + " " +
                     r.choice(["commit the offense described above", "take property of another with intent to deprive the owner thereof",
                               "cause physical injury to another person", "enter and remain unlawfully in a building"]), [])]
            if vic and i == 1:
                vn, ve = ctx.nm(vic, "nat")
                segs += [(", to wit:", []), (vn + ";", ve)]
            else:
                segs += [(";", [])]
            segs += [(f"contrary to statute and against the peace and dignity of the State of {stname}.", [])]
            y = pb.para(x0, y, W, segs, font=f, size=fs, lead=fs * 1.5, first_indent=36) - 10
        cpr = ag.print_case(r, case, "label")
        on, oe = ctx.ofc(ofc, with_rank=True, with_badge=True)
        ln = pb.newline()
        pb.t(x0, y - fs, "Arresting Agency / Case No.:", f, fs, line=ln)
        pb.t(x0 + pb.width("Arresting Agency / Case No.:  ", f, fs), y - fs, f"{ag.short} {cpr}", f, fs, "fill",
             ents=ctx.case_ents(case), line=ln)
        y -= fs * 1.6
        ln = pb.newline()
        pb.t(x0, y - fs, "Complaining Witness:", f, fs, line=ln)
        pb.t(x0 + pb.width("Complaining Witness:  ", f, fs), y - fs, on, f, fs, "fill", ents=oe, line=ln)
        y -= fs * 3
        ctx.filed = add_days(ctx.d, r.randint(1, 9))
        pb.t(x0, y, f"DATED: {fmt_date(ctx.filed, 'long')}", f, fs)
        y -= 26
        if y > 130:
            _sig_attorney(ctx, pb, pb.w / 2, y, pros, PROS_TITLE[ag.home_state], [ag.prosecutor], es=r.random() < 0.6)
    pb.t(pb.w / 2, 28, f"Page 1 - {title}", f, 8.5, align="center")
    maybe_stamp(ctx, pb, "court", 0.45)
    return "court_filing", None, 0


# ------------------------------------------------------------------ docket sheet


def docket(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = ctx.style("form")
    st.value_font = r.choice(["Courier", "Helvetica", "DejaVuSans"])
    st.caps = False
    dfd = ctx.person("defendant")
    judge = ctx.person("other", age=(40, 72))
    defa = ctx.person("attorney", age=(28, 66))
    pros = ctx.person("attorney", age=(28, 66))
    ofc = ctx.officer()
    kind = r.choice(["criminal", "traffic", "criminal"])
    court = ag.courts.get("circuit") or ag.courts.get("county") or ag.courts.get("town")
    if kind == "traffic":
        court = ag.courts.get("justice") or ag.courts.get("town") or ag.courts.get("municipal") or court
    cno = ag.new_court(r, ctx.d, kind)
    case = ag.new_case(r, ctx.d)
    cit = ag.new_citation(r, ctx.d) if kind == "traffic" else None
    order = r.choice(["reading", "template_first", "shuffled_lines"])
    pb = ctx.page("docket_table", st, LETTER, order)
    y = pb.h - 40
    hf = st.head_font
    pb.t(pb.w / 2, y, court.name.upper(), hf, 12, align="center")
    y -= 14
    pb.t(pb.w / 2, y, r.choice(["REGISTER OF ACTIONS", "CASE SUMMARY", "CRIMINAL DOCKET", "DOCKET REPORT"]), hf, 11, align="center")
    y -= 20
    lf, vf = st.label_font, st.value_font
    dn = dfd.name("lfc", upper=True)
    rows = [("Case Number", (cno, ctx.court_ents(cno)), "Filed", fmt_date(add_days(ctx.d, r.randint(1, 12)), "mdy")),
            ("Case Title", (f"{'State of ' + ag.state_name if ag.home_state != 'NY' else 'People of the State of NY'} vs. {dn}", [("person", dfd.truth_name(), "defendant")]),
             "Case Type", "Traffic" if kind == "traffic" else r.choice(["Criminal Misdemeanor", "Felony", "Criminal"])),
            ("Judge", (f"Hon. {judge.name('nat')}", [("person", judge.truth_name(), "other")]), "Status", r.choice(["Open", "Closed", "Active - Warrant", "Disposed"])),
            ("Defense Attorney", (defa.name("nat"), [("person", defa.truth_name(), "attorney")]), "Prosecutor", (pros.name("nat"), [("person", pros.truth_name(), "attorney")])),
            ("Arresting Agency", ag.name, "Agency Case No.", (ag.print_case(r, case, "label"), ctx.case_ents(case)))]
    if cit:
        rows.append(("Citation No.", (cit, ctx.cit_ents(cit)), "Offense Date", fmt_date(ctx.d, "mdy")))
    for l1, v1, l2, v2 in rows:
        ln = pb.newline()
        pb.t(40, y, l1 + ":", lf, 8, line=ln)
        t1, e1 = (v1, []) if isinstance(v1, str) else v1
        pb.t(130, y, t1, vf, 8.5, "fill", ents=e1, line=ln, maxw=200)
        pb.t(340, y, l2 + ":", lf, 8, line=ln)
        t2, e2 = (v2, []) if isinstance(v2, str) else v2
        pb.t(420, y, t2, vf, 8.5, "fill", ents=e2, line=ln, maxw=pb.w - 40 - 420)
        y -= 12
    y -= 4
    charges = r.sample(ag.statutes["traffic" if kind == "traffic" else "criminal"], r.randint(1, 2))
    y = pb.table(40, y, [("Count", 40), ("Statute", 90), ("Charge", 270), ("Disposition", 132)],
                 [[str(i), c, d, r.choice(["Pending", "Dismissed", "Guilty - Plea", "Not Guilty"])] for i, (c, d) in enumerate(charges, 1)],
                 row_h=13, ruled=True, head_fill=0.85, vsize=8.5) - 10
    entries = _docket_events(ctx, court, defa, ofc, kind, len(charges))
    d = add_days(ctx.d, 8 * len(entries))
    cols = [("Date", 62), ("No.", 28), ("Event / Description", 390), ("By", 52)]
    ruled = r.random() < 0.5

    per_page = int((y - 60) / 14) - 1
    first, rest = entries[:per_page], entries[per_page:]
    pb.table(40, y, cols, first, row_h=14, ruled=ruled, head_fill=0.85, vsize=8.5)
    pb.t(40, 26, f"Printed {fmt_date(add_days(d, 1), 'mdy')} {fmt_time(r.randint(8, 16), r.randint(0, 59), 'ampm')}", st.label_font, 7)
    pb.t(pb.w - 40, 26, "Page {PAGE} of {PAGES}", st.label_font, 7, align="right")
    while rest:
        pb = ctx.page("docket_table", st, LETTER, order)
        y = pb.h - 40
        ln = pb.newline()
        pb.t(40, y, court.name.upper(), hf, 9, line=ln)
        pb.t(pb.w - 40, y, cno, vf, 9, "fill", ents=ctx.court_ents(cno), align="right", line=ln)
        y -= 18
        per_page = int((y - 60) / 14) - 1
        chunk, rest = rest[:per_page], rest[per_page:]
        pb.table(40, y, cols, chunk, row_h=14, ruled=ruled, head_fill=0.85, vsize=8.5)
        pb.t(pb.w - 40, 26, "Page {PAGE} of {PAGES}", st.label_font, 7, align="right")
    return "court_filing", None, 0


def _docket_events(ctx, court, defa, ofc, kind, ncounts):
    r = ctx.rng
    d = ctx.d
    out = []
    rooms = [x for x in court.rooms if x] or ["Courtroom 1"]

    def add(text, ents=(), by=None):
        nonlocal d
        d = add_days(d, r.randint(1, 12))
        out.append([fmt_date(d, "mdy"), str(len(out) + 1), (text, list(ents)),
                    by if by is not None else r.choice(["", "JDG", "CLK", "clk" + str(r.randint(1, 9))])])

    def hearing(what):
        hd = next_weekday(add_days(d, r.randint(10, 40)))
        add(f"Hearing set: {what} {fmt_date(hd, 'mdy')} {fmt_time(r.choice([8, 9, 10, 13, 14]), r.choice([0, 30]), 'ampm')} "
            f"{r.choice(rooms)}")

    dn = defa.name("nat")
    de = [("person", defa.truth_name(), "attorney")]
    add("Citation filed; received from " + ctx.ag.short if kind == "traffic" else r.choice(["Complaint filed", "Information filed"]))
    if r.random() < 0.5:
        add(f"Arraignment held. Defendant present in custody. Counsel appointed: {dn}", de)
    else:
        add(f"Arraignment held. Defendant appeared with counsel {dn}. Plea of NOT GUILTY entered", de)
    if kind != "traffic":
        add(r.choice(["Release agreement signed; conditions of release imposed", "Bail set at $2,500; posted by surety",
                      "Defendant released on own recognizance"]))
    if r.random() < 0.5:
        add(f"Notice of appearance filed by {dn}", de)
    if r.random() < 0.6:
        add("Discovery request filed by defense")
    hearing("Pretrial Conference")
    for _ in range(r.randint(0, 4)):
        add(r.choice(["Pretrial conference held; continued at request of defense", "Pretrial conference held; continued",
                      "Order granting motion for continuance"]))
        hearing("Pretrial Conference")
    if r.random() < 0.4:
        add("Motion to suppress filed by defendant")
        add("State's response to motion to suppress filed")
        add("Hearing on motion held; motion DENIED")
    if r.random() < 0.3:
        add("Failure to appear; bench warrant issued")
        add("Bench warrant recalled; defendant appeared")
    if r.random() < 0.6:
        add(f"Subpoena issued to {ofc.officer('rank_nat')}", [("person", ofc.truth_name(), "officer")])
    if r.random() < 0.6:
        add("Change of plea hearing; plea of GUILTY to Count 1" + ("; remaining counts dismissed" if ncounts > 1 else ""))
        add("Judgment and sentence entered", by="JDG")
        add(r.choice(["Fines and fees assessed: $440.00", "Probation ordered: 12 months bench", "Fine $265.00; license suspended 90 days"]))
        add("Case closed")
    else:
        hearing("Jury Trial")
    return out


# ------------------------------------------------------------------ motion
MOTIONS = [
    ("DEFENDANT'S MOTION TO SUPPRESS EVIDENCE", "defense"),
    ("DEFENDANT'S MOTION TO CONTINUE TRIAL", "defense"),
    ("MOTION TO COMPEL DISCOVERY", "defense"),
    ("STATE'S MOTION IN LIMINE", "state"),
    ("MOTION TO DISMISS", "defense"),
]


def motion(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = court_style(ctx)
    federal = r.random() < 0.25
    dfd = ctx.person("defendant")
    ofc = ctx.officer()
    atty = ctx.person("attorney", age=(28, 66))
    opp = ctx.person("attorney", age=(28, 66))
    court = ag.courts.get("circuit") or ag.courts.get("county")
    cno = ag.new_court(r, ctx.d, "federal" if federal else "criminal")
    cp = ctx.print_court_no(cno)
    case = ag.new_case(r, ctx.d)
    title, side = r.choice(MOTIONS)
    if federal:
        title = title.replace("STATE'S", "GOVERNMENT'S")
    v = ctx.vehicle()
    order = r.choice(["reading", "template_first", "shuffled_lines"])
    pleading = ag.home_state in ("OR", "WI", "MO") and r.random() < 0.6
    pb = ctx.page("pleading" if pleading else "caption_body", st, LETTER, order)
    f, fs = st.body_font, st.body_size
    x0 = 86 if pleading else 72
    W = pb.w - x0 - 60
    if pleading:
        # pleading paper: numbered lines in the left margin (printed), double rule
        pb.line(70, 0, 70, pb.h, lw=0.6)
        pb.line(73, 0, 73, pb.h, lw=0.6)
        pb.line(pb.w - 50, 0, pb.w - 50, pb.h, lw=0.5)
    y = pb.h - 54
    y = caption(ctx, pb, court, dfd, y, [(f"Case No. {cp}", ctx.court_ents(cp), False), ("", [], False), (title, [], True)],
                federal=federal, style="paren" if federal else None, x0=x0 + 4 if pleading else None)
    if pleading:   # snap the body to the numbered rows
        row0 = pb.h - 72 - 10
        k = max(0, math.ceil((row0 - (y - fs)) / 24.0))
        y = row0 - k * 24.0 + fs
    dn = dfd.last.upper()
    cpr = ag.print_case(r, case, "free")
    on, oe = ctx.ofc(ofc, with_rank=True)
    paras = []
    mover = "Defendant" if side == "defense" else ("The State" if not federal else "The United States")
    paras.append([(f"{mover}, by and through counsel, respectfully moves this Court for an order " +
                   {"DEFENDANT'S MOTION TO SUPPRESS EVIDENCE": "suppressing all evidence obtained as a result of the stop and search of the defendant's vehicle",
                    "DEFENDANT'S MOTION TO CONTINUE TRIAL": "continuing the trial currently set in this matter for a period of not less than sixty days",
                    "MOTION TO COMPEL DISCOVERY": "compelling the State to produce all body-worn camera recordings and dispatch records",
                    "STATE'S MOTION IN LIMINE": "excluding any reference at trial to the prior disciplinary history of the investigating officer",
                    "GOVERNMENT'S MOTION IN LIMINE": "excluding any reference at trial to the prior disciplinary history of the investigating officer",
                    "MOTION TO DISMISS": "dismissing the charges for failure to bring the defendant to trial within the statutory period"}[title] +
                   ". This motion is supported by the following memorandum and the record herein.", [])])
    paras.append([("STATEMENT OF FACTS", [])])
    segs = [(f"On {fmt_date(ctx.d, 'long')},", []), (on, oe),
            (f"of the {ag.name} stopped a {B.veh_desc(v)} bearing", []), B.plate_mention(ctx, v),
            (f"for an alleged traffic violation. The police report for the stop is {ag.short} Report No.", []),
            (cpr + ".", ctx.case_ents(case)),
            (f"Mr. {dn}" if dfd.sex == "M" else f"Ms. {dn}", []),
            ("was the driver. After questioning, the officer searched the vehicle without a warrant and without consent.", [])]
    paras.append(segs)
    paras.append([(r.choice([
        "The officer's report does not identify any specific and articulable facts supporting an extension of the stop.",
        "Defense counsel requested the body-worn camera footage on three occasions and has received nothing.",
        "Counsel for the defendant has a conflict with a previously scheduled trial in another county.",
        "The State anticipates that the defense will attempt to introduce irrelevant and prejudicial material."]) +
        " For these reasons the motion should be granted.", [])])
    ctx.filed = add_days(ctx.d, r.randint(20, 90))
    paras.append([("DATED: " + fmt_date(ctx.filed, "long") + ".", [])])
    lead = 24.0 if pleading else fs * 1.7
    y -= 6
    heading_lines = {1}
    for pi, segs in enumerate(paras):
        if pi in heading_lines:
            pb.t(pb.w / 2 + (x0 - 72) / 2, y - fs, segs[0][0], st.head_font, fs, align="center")
            y -= lead
            continue
        lines = pb.wrap(segs, f, fs, W - 36)
        for li, (txt, ents) in enumerate(lines):
            if y < 200:
                break
            pb.t(x0 + (36 if li == 0 else 0), y - fs, txt, f, fs, "fill", ents=ents, cs=0.0)
            y -= lead
    y -= 8
    pb.t(pb.w / 2, y - fs, "Respectfully submitted,", f, fs)
    role_t = ("Attorney for Defendant" if side == "defense" else
              ("Assistant United States Attorney" if federal else PROS_TITLE[ag.home_state]))
    firm = r.choice(FIRMS) if side == "defense" else ag.prosecutor
    yy = _sig_attorney(ctx, pb, pb.w / 2, y - fs - 26, atty, role_t, [firm, f"Tel. ({ag.area_codes[0]}) 555-01{r.randint(10, 99)}"],
                       es=r.random() < 0.7)
    if pleading:
        # number every 24-pt row of the page in the margin: reading order puts each number first on its row
        _number_rows(pb, lead)
    pb.t(pb.w / 2, 22, f"Page 1 - {title.title()}", f, 8, align="center")
    # certificate of service on a second page
    pb2 = ctx.page("caption_body", st, LETTER, "reading")
    y = pb2.h - 72
    pb2.t(pb2.w / 2, y, "CERTIFICATE OF SERVICE", st.head_font, fs + 1, align="center")
    y -= 30
    opp_title = (PROS_TITLE[ag.home_state] if side == "defense" else "counsel for the defendant")
    segs = [(f"I hereby certify that on {fmt_date(ctx.filed, 'long')}, I served a true and correct copy of "
             f"the foregoing {title.title()} on", []), (opp.name("nat") + ",", [("person", opp.truth_name(), "attorney")]),
            (f"{opp_title}, by {r.choice(['electronic filing', 'e-mail', 'first-class mail', 'hand delivery'])}.", [])]
    y = pb2.para(72, y, pb2.w - 144, segs, font=f, size=fs, lead=fs * 1.7, first_indent=36) - 30
    _sig_attorney(ctx, pb2, pb2.w / 2, y, atty, role_t, [firm], es=True)
    pb2.t(pb2.w / 2, 22, "Page 2 - Certificate of Service", f, 8, align="center")
    maybe_stamp(ctx, pb, "court", 0.5)
    return "court_filing", None, 0


def _number_rows(pb: PB, lead: float):
    """Pleading-paper line numbers 1..28; each number joins the reading line printed on its row."""
    import bisect
    rows = []
    y = pb.h - 72
    n = 1
    while y > 60 and n <= 28:
        rows.append((n, y))
        y -= lead
        n += 1
    # map reading lines by baseline
    new_lines = []
    used = set()
    for n, yrow in rows:
        pass
    lines = pb.p.lines
    for n, yrow in rows:
        sp = None
        # find a line whose first span sits within this row band
        best = None
        for li, ln in enumerate(lines):
            if not ln or li in used:
                continue
            if abs(ln[0].y - (yrow - 10)) < 6 and ln[0].x > 74:
                best = li
                break
        from .layout import Span
        num = Span(52, yrow - 10, str(n), pb.st.body_font, 9.0, "form")
        if best is not None:
            lines[best].insert(0, num)
            used.add(best)
        else:
            new_lines.append((yrow, [num]))
    # standalone numbers: insert them in reading position by y
    for yrow, ln in new_lines:
        pos = len(lines)
        for li, l2 in enumerate(lines):
            if l2 and l2[0].y < ln[0].y - 1 and l2[0].x > 40 and l2[0].x < pb.w / 2:
                pos = li
                break
        lines.insert(pos, ln)


# ------------------------------------------------------------------ appellate opinion (two columns)
LEGAL_PARAS = [
    "We review the denial of a motion to suppress for clear error, considering the evidence in the light most favorable "
    "to the ruling. We defer to the trial court's determinations of credibility and will reverse only if we are left with "
    "a definite and firm impression that a mistake has been made.",
    "An officer may conduct a warrantless search of an automobile when there is probable cause to believe it contains "
    "contraband. Probable cause exists when the facts known to the officer would warrant a person of reasonable caution "
    "in believing that evidence of a crime will be found.",
    "Appellant contends that the odor alone was insufficient. We need not decide that question, because the officer "
    "also observed the scale in plain view, and the two observations together supplied probable cause.",
    "In reviewing the sufficiency of the evidence, we accept as true all evidence favorable to the verdict, including "
    "all favorable inferences drawn from the evidence, and disregard all contrary evidence and inferences.",
    "The trial court was entitled to believe all, some, or none of the testimony of any witness. The jury resolved the "
    "conflicts in the testimony against Appellant, and we will not reweigh the evidence on appeal.",
    "Appellant did not object to the testimony at trial and asks for plain error review. Plain error review is "
    "discretionary and is reserved for errors that are evident, obvious and clear and that resulted in manifest "
    "injustice. We find no such error here.",
    "Because the evidence was properly admitted, Appellant cannot show prejudice from the ruling, and the point is denied.",
]


def opinion(ctx: Ctx):
    ag, r = ctx.ag, ctx.rng
    st = court_style(ctx)
    st.body_font = r.choice(["Times-Roman", "DejaVuSerif", "DejaVuSerifCondensed"])
    ctx.d = add_days(ctx.d, -r.randint(500, 800))          # the offence predates the opinion
    dfd = ctx.person("defendant")
    j1, j2, j3, j4 = (ctx.person("other", age=(45, 72)) for _ in range(4))
    a1, a2 = ctx.person("attorney"), ctx.person("attorney")
    ofc = ctx.officer()
    vic = ctx.person("victim") if r.random() < 0.5 else None
    app = ag.courts["appeal"]
    trial = ag.courts.get("circuit") or ag.courts.get("county")
    ano = ag.new_court(r, ctx.d, "appeal")
    tno = ag.new_court(r, ctx.d, "criminal")
    order = r.choice(["interleaved", "interleaved", "reading"])
    pb = ctx.page("two_column", st, LETTER, order)
    f, fs = st.body_font, 9.5
    hf = st.head_font
    y = pb.h - 46
    for line in app.caption:
        pb.t(pb.w / 2, y, line.title() if r.random() < 0.5 else line, hf, 11, align="center")
        y -= 13
    y -= 4
    pb.hrule(y, 54, pb.w - 54, lw=0.8)
    y -= 14
    st_party = ag.state_name.upper()
    dn = dfd.name("nat", upper=True)
    filed = add_days(ctx.d, r.randint(420, 700))
    rows = [(f"STATE OF {st_party},", f"No. {ano}"), ("Respondent,", ""), ("vs.", f"Appeal from the {trial.name}"),
            (dn + ",", f"Cause No. {tno}"), ("Appellant.", ""), ("", f"Filed: {fmt_date(filed, 'long')}")]
    for left, right in rows:
        ln = pb.newline()
        if left:
            ents = [("person", dfd.truth_name(), "defendant")] if left.startswith(dn) else []
            pb.t(72, y, left, f, 10, "fill" if ents else "form", ents=ents, line=ln, col=0)
        pb.t(300, y, ")", f, 10, line=ln, col=0)
        if right:
            ents = ctx.court_ents(ano) if right.startswith("No.") else (ctx.court_ents(tno) if right.startswith("Cause") else [])
            pb.t(316, y, right, f, 10, "fill" if ents else "form", ents=ents, line=ln, col=0, maxw=pb.w - 316 - 54)
        y -= 12.5
    y -= 4
    jn = j1.name("nat")
    pb.t(pb.w / 2, y, f"Honorable {jn}, Trial Judge", f, 9.5, align="center", ents=[("person", j1.truth_name(), "other")],
         col=0, layer="fill")
    y -= 14
    pb.hrule(y, 54, pb.w - 54, lw=0.8)
    y -= 8
    colw = (pb.w - 54 * 2 - 18) / 2
    xs = [54, 54 + colw + 18]
    ytop = y
    ybot = 60
    P = lambda p, role: (p.name("nat"), [("person", p.truth_name(), role)])
    on, oe = ctx.ofc(ofc, with_rank=False)
    him = "him" if dfd.sex == "M" else "her"
    crime = r.choice(ag.statutes["criminal"])[1].lower()
    legal = r.sample(LEGAL_PARAS, r.randint(4, 7))
    paras = [
        [(j2.name("nat") + ", Judge.", [("person", j2.truth_name(), "other")])],
        [P(dfd, "defendant"), (f"(\"Appellant\") appeals the judgment of the {trial.name} convicting {him} of {crime}. "
                               "Appellant argues the trial court erred in overruling the motion to suppress evidence "
                               "discovered during a search of the vehicle. We affirm.", [])],
        "Factual and Procedural Background",
        [(f"On {fmt_date(ctx.d, 'long')}, Officer", []), (on, oe),
         (f"of the {ag.name} observed a vehicle with an expired registration and initiated a traffic stop. Appellant was "
          "the driver. The officer testified that he smelled marijuana and saw a digital scale in the center console.", [])],
        [("At the suppression hearing the State called the officer and a second witness,", [])] +
        ([(vic.name("nat") + ",", [("person", vic.truth_name(), "victim")]),
          ("whose property was later recovered from the trunk.", [])] if vic else
         [("the evidence technician, who described the chain of custody.", [])]) +
        [("The trial court overruled the motion, and a jury found Appellant guilty. This appeal follows.", [])],
        "Standard of Review",
        [(legal[0], [])],
        "Discussion",
    ] + [[(p_, [])] for p_ in legal[1:]] + [
        "Conclusion",
        [("The judgment of the trial court is affirmed.", [])],
        [(j3.name("nat") + ", P.J., and", [("person", j3.truth_name(), "other")]),
         (j4.name("nat") + ", J., concur.", [("person", j4.truth_name(), "other")])],
        [("Attorney for Appellant:", []), (a1.name("nat") + ".", [("person", a1.truth_name(), "attorney")]),
         ("Attorney for Respondent:", []), (a2.name("nat") + ".", [("person", a2.truth_name(), "attorney")])],
    ]
    bold = "Times-Bold" if f.startswith("Times") else fonts_bold(f)
    col = 0
    y = ytop - fs
    lead = fs * 1.3

    def next_col():
        nonlocal col, y, ytop, pb
        col += 1
        if col > 1:
            pb = ctx.page("two_column", st, LETTER, order)
            col = 0
            ytop = pb.h - 54
        y = ytop - fs

    for segs in paras:
        if isinstance(segs, str):
            y -= 3
            if y < ybot + 2 * lead:
                next_col()
            pb.t(xs[col] + colw / 2, y, segs, bold, fs, align="center", col=col)
            y -= lead + 2
            continue
        for li, (txt, ents) in enumerate(pb.wrap(segs, f, fs, colw - 12)):
            if y < ybot:
                next_col()
            pb.t(xs[col] + (12 if li == 0 else 0), y, txt, f, fs, "fill" if ents else "form", ents=ents, col=col, cs=0.0)
            y -= lead
        y -= 3
    for i, p in enumerate(ctx.pages):
        pbx = PB.__new__(PB)
        pbx.p, pbx.st, pbx.rng = p, st, r
        pbx.t(p.w / 2, 30, "{PAGE}", f, 9, align="center", col=2)
    return "court_filing", None, 0


def fonts_bold(f):
    from .fonts import bold_of
    return bold_of(f)

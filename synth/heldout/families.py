"""Registry of form families: id -> (builder, allowed agencies or None for all)."""
from __future__ import annotations

from . import forms_arrest as FA
from . import forms_court as FC
from . import forms_incident as FI
from . import forms_misc as FM
from . import forms_property as FP
from . import forms_tickets as FT
from . import forms_vehicle as FV

OR, NY, TX, FL, MO, WI = ("cascade_falls_pd", "haverford_pd", "bexley_county_so", "coral_shores_pd", "riverbend_pd",
                          "tamarack_county_so")

FAMILIES: dict = {
    # incident_report
    "incident_lv": (FI.incident_lv, [OR, OR, MO, NY]),
    "incident_boxed": (FI.incident_boxed, [TX, FL, WI]),
    "incident_underline": (FI.incident_underline, [MO, OR, WI]),
    "supplement": (FI.supplement, None),
    # arrest_report
    "arrest_boxed": (FA.arrest_boxed, [TX, FL, OR, MO]),
    "arrest_lv": (FA.arrest_lv, [NY, WI, OR]),
    "dwi_report": (FA.dwi_report, [NY, NY, OR, WI, FL, TX]),
    # crash_report
    "crash_long": (FV.crash_long, None),
    "crash_exchange": (FV.crash_exchange, [OR, FL, TX, WI]),
    # citation
    "utt_ny": (FT.utt_ny, [NY]),
    "utc_fl": (FT.utc_fl, [FL]),
    "cit_tx_thermal": (FT.cit_tx_thermal, [TX]),
    "cit_or": (FT.cit_or, [OR]),
    "summons_mo": (FT.summons_mo, [MO]),
    "crim_summons": (FT.crim_summons, [NY, WI, OR, MO]),
    # subpoena, warrant
    "subpoena": (FC.subpoena, None),
    "warrant": (FC.warrant, None),
    # tow_record, property_record
    "tow_inventory": (FV.tow_inventory, None),
    "property_receipt": (FP.property_receipt, None),
    # court_filing
    "complaint": (FC.complaint, None),
    "docket": (FC.docket, None),
    "motion": (FC.motion, None),
    "opinion": (FC.opinion, [MO, MO, OR, TX, WI]),
    # other
    "records_request": (FM.records_request, None),
    "memo": (FM.memo, None),
}

"""The wording of the printed notices agency forms put on every copy, as data.

``notices`` reads a line against these; each wording is copied from real releases, with where it
was read (2018 NARA JFK releases, noops888/jfk-files-text @55840853, dev by release year, and the
dev folders of ``bench/furniture`` named beside each).
"""

from __future__ import annotations

NOTICES: dict[str, str] = {
    # CIA cable and dispatch forms, at the foot: 104-10019-10012 line 59, 104-10185-10265 line 826
    "reproduction-prohibited": "REPRODUCTION BY OTHER THAN THE ISSUING OFFICE IS PROHIBITED",
    # CIA information report, at the head: 104-10186-10200 lines 9-10, 124-10284-10175 lines 76-79
    "espionage-laws": (
        "THIS MATERIAL CONTAINS INFORMATION AFFECTING THE NATIONAL DEFENSE OF THE UNITED STATES"
        " WITHIN THE MEANING OF THE ESPIONAGE LAWS TITLE 18 U.S.C. SECS. 793 AND 794 THE"
        " TRANSMISSION OR REVELATION OF WHICH IN ANY MANNER TO AN UNAUTHORIZED PERSON IS"
        " PROHIBITED BY LAW"
    ),
    # CIA intelligence information cable: 104-10185-10265 line 2405, 104-10186-10298 line 24
    "unevaluated-information": (
        "THIS IS UNEVALUATED INFORMATION. SOURCE GRADINGS ARE DEFINITIVE."
        " APPRAISAL OF CONTENT IS TENTATIVE."
    ),
    # CIA intelligence information cable, every page: 104-10178-10001 lines 7907-7908, 7956-7957
    "sensitive-sources-warning": (
        "WARNING NOTICE - SENSITIVE INTELLIGENCE SOURCES AND METHODS INVOLVED"
    ),
    # CIA routing and record sheet (Form 610), its printed instructions: 104-10120-10055 lines
    # 5-7, 104-10062-10098 line 10, 104-10165-10079 lines 245-246
    "routing-sheet-instructions": (
        "INSTRUCTIONS: OFFICER DESIGNATIONS SHOULD BE USED IN THE TO COLUMN. UNDER EACH COMMENT A"
        " LINE SHOULD BE DRAWN ACROSS SHEET AND EACH COMMENT NUMBERED TO CORRESPOND WITH THE"
        " NUMBER IN THE TO COLUMN. EACH OFFICER SHOULD INITIAL (CHECK MARK INSUFFICIENT) BEFORE"
        " FURTHER ROUTING. THIS ROUTING AND RECORD SHEET SHOULD BE RETURNED TO REGISTRY."
    ),
    # a form's edition note: 104-10218-10046 line 165
    "obsolete-editions": "OBSOLETE PREVIOUS EDITIONS",
    # State's telegram form, at the foot beside its "Classification" caption, in two lines:
    # 104-10308-10193 (eight pages), 104-10187-10003, 124-10173-10006; 2022 176-10036-10021
    # lines 85-86 (jfk-176, dev)
    "state-reproduction": "REPRODUCTION FROM THIS COPY IS PROHIBITED UNLESS UNCLASSIFIED",
    # Read in NARA's 2023 and 2025 releases (bench/furniture/jfk-recent, dev). CIA's restricted
    # handling message form, on every page, at the head and the foot, wrapped and damaged ("DO,
    # MUT EXCEÉO 69" / "TYPEWRITTEN CAR." / ",CTERS PER LINE, INCLUDING SPACES."): 2025
    # 104-10063-10160 lines 7, 119, 137-141, 211, 229-235, 305.
    "message-form-line-length": (
        "DO NOT EXCEED 69 TYPEWRITTEN CHARACTERS PER LINE, INCLUDING SPACES."
    ),
    "restricted-handling-delivery": (
        "RESTRICTED HANDLING MESSAGES MUST BE DELIVERED DIRECTLY TO SPECIAL SIGNAL CENTER."
    ),
    "restricted-handling-users": (
        "THIS FORM FOR USE BY AUTHORIZED RESTRICTED HANDLING MESSAGE USERS ONLY"
    ),
    # A classified cover sheet's printed notice: 2023 177-10002-10098 lines 135-141.
    "cover-sheet-access": (
        "ACCESS TO THIS DOCUMENT WILL BE RESTRICTED TO THOSE APPROVED FOR THE FOLLOWING SPECIFIC"
        " ACTIVITIES: NATIONAL SECURITY INFORMATION UNAUTHORIZED DISCLOSURE SUBJECT TO CRIMINAL"
        " SANCTIONS"
    ),
    # A CIA form's printed instructions at its foot: 2025 104-10162-10120 lines 127-135.
    "form-carbon-instructions": (
        "ATTACH EXTRA SHEETS IF NEEDED. INSTRUCTIONS: INSERT CARBON: FILL OUT FORMS COMPLETELY."
        " SEND BOTH SHEETS TO"
    ),
    # Read in NARA's 2022 release (bench/furniture/jfk-2022, dev). A CIA information report's
    # printed control notices, at its head and on each page, in an FBI copy: 2022
    # 124-10207-10417 lines 52, 71-73 (the notice wrapped over three lines, "INrw:" /
    # '"AMATION SUBJECT TO' the word OCR cut), 75, 179-180.
    "dissemination-controls": (
        "FURTHER DISSEMINATION AND USE OF THIS INFORMATION SUBJECT TO CONTROLS STATED AT"
        " BEGINNING AND END OF REPORT."
    ),
    "not-finally-evaluated": "THIS IS AN INFORMATION REPORT, NOT FINALLY EVALUATED INTELLIGENCE",
    # CIA's subject and project file request form, its printed instructions (two columns):
    # 104-10185-10265 lines 6773-6785, 104-10185-10161 line 134; a retired file's folder
    # notice: 104-10177-10135 lines 9-13, 27, 874, 104-10185-10265 lines 29-35.
    "file-request-instructions": (
        "INFORMATION FOR REQUESTERS: A. COMPLETE ITEMS 1 THROUGH 12. B. ITEM 3-ALL FILE TITLES"
        " MUST BE STERILE SINCE THEY WILL APPEAR ON THE FIELD COPIES AND ON MACHINE LISTS."
        " C. ITEM 6-ALL REMARKS MUST BE STERILE. D. ITEMS 7 AND 8-USE FIRST THREE LETTERS OF"
        " DISPATCH SYMBOLS FOR FIELD STATIONS AND LIST HEADQUARTERS ELEMENTS ACCORDING TO"
        " ESTABLISHED NUMERIC CODES. E. ITEM 10-ENTER OLD TITLE WHEN AMENDING A TITLE. CITE ANY"
        " FILES, SUCH AS 201 OR PROJECT FILES THAT ARE RELATED TO THE FILE COVERED BY THIS"
        " REQUEST. ITEM 10 MAY ALSO BE USED TO GIVE REASONS FOR THE ACTION BEING REQUESTED, TO"
        " IDENTIFY THE TYPE OF MATERIAL TO BE PLACED IN A FILE OR TO MAKE OTHER EXPLANATORY"
        " REMARKS. F. ITEM 11-A RECORDS OFFICER MUST SIGN ALL FILE ACTION REQUESTS. CONSULT YOUR"
        " RMO ON ANY PROBLEMS THAT ARISE."
    ),
    "file-retired-notice": (
        "NOTICE THIS FILE HAS BEEN PROCESSED AND RETIRED, DO NOT ADD ANY DOCUMENTS TO THIS"
        " FOLDER. FORWARD CS DOCUMENTS THAT SHOULD BE INCLUDED IN THIS FOLDER TO RID/RPU GE-58."
    ),
}
# Words the pre-filter looks for: a notice line holds one of them as OCR reads most copies.
KEYS = frozenset(
    {
        *("REPRODUCTION", "ISSUING", "ESPIONAGE", "DEFENSE", "UNAUTHORIZED", "REVELATION"),
        *("TRANSMISSION", "UNEVALUATED", "GRADINGS", "APPRAISAL", "DEFINITIVE", "TENTATIVE"),
        *("WARNING", "SENSITIVE", "INTELLIGENCE", "METHODS", "OBSOLETE"),
        *("DESIGNATIONS", "ROUTING", "REGISTRY", "INSUFFICIENT", "CORRESPOND", "COLUMN"),
        *("OFFICER", "COMMENT", "PROHIBITED"),
        *("TYPEWRITTEN", "CHARACTERS", "SPACES", "RESTRICTED", "DELIVERED", "AUTHORIZED"),
        *("SANCTIONS", "DISCLOSURE", "APPROVED", "ACTIVITIES", "COMPLETELY", "INSTRUCTIONS"),
        *("DISSEMINATION", "CONTROLS", "BEGINNING", "EVALUATED"),
        *("REQUESTERS", "STERILE", "MACHINE", "DISPATCH", "ESTABLISHED", "AMENDING", "PROJECT"),
        *("REQUEST", "REASONS", "IDENTIFY", "EXPLANATORY", "CONSULT", "PROBLEMS"),
        *("PROCESSED", "RETIRED", "FOLDER"),
    }
)

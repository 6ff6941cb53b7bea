"""Forms' printed wording found by ``bench.furniture.form_wording`` (generated: do
not edit; rebuild with that script). Each entry is the wording two different records
of the JFK releases' dev years print alike (noops888/jfk-files-text @55840853,
18364 records read, none of the jfk test list or of shared/corpus/jfk), named by
the two record numbers and the passage's number; the two files are named beside it.
"""

from __future__ import annotations

FORMS: dict[str, str] = {
    # extracted_text/releases/2018/104-10110-10306.md
    # extracted_text/releases/2018/104-10128-10251.md
    "104-10110-10306/104-10128-10251#1": (
        "_Were you ever personally acquainted with him? Yes or No . never personally"
        " acquainted with him have you acquired any information of a personal nature"
        " concerning him through other persons? Yes or No . Give details including dates,"
        " by months and years as. best you can recall, ‘circumstances, purpose and nature"
        " of any relationship vou may have had with him and provide data relating to his"
        " character or personality, illustrating briefly with other information acquired"
        " as result of your. own relationship with him or which might have been acquired"
    ),
    # extracted_text/releases/2018/104-10110-10306.md
    # extracted_text/releases/2018/104-10128-10251.md
    "104-10110-10306/104-10128-10251#2": (
        "On the basis of your personal association with Subject, either official or"
        " social, or, on the basis of what you know or believe him to be knowledgeable"
        " of, outline the nature and extent of information you believe he could provide"
        " an opposition intelligence service as to (a) your identity as an intelligence"
        " officer or employee, (b) your personal background and experience including"
        " places of assignments, operations in which you participated in some way."
        " (Cryptonyms should be employed when known, The nature of the operations in any"
        " event should be briefly but sufficiently described to lead to their"
        " identification, with the dates or periods involved and any comments or"
        " observations as to their success or"
    ),
    # extracted_text/releases/2018/104-10110-10306.md
    # extracted_text/releases/2018/104-10128-10251.md
    "104-10110-10306/104-10128-10251#3": (
        "List other Agency personnel who on the basis of your own or belief, had official"
        " or social contact with Subject. Give brief information as to the period and"
        " nature of"
    ),
    # extracted_text/releases/2018/104-10110-10306.md
    # extracted_text/releases/2018/104-10128-10251.md
    "104-10110-10306/104-10128-10251#4": (
        "List all other U. S, Government personnel who, on the basis of your own personal"
        " knowledge or belief, had particularly close official or social contact with"
        " Subject. Identify the Bureau, Department, Agency or Office with which each such"
        " person was employed at the time of the relationship and. give brief information"
        " concerning the period and nature of such relationship List all other persons"
        " who irrespective of nation- ality, sex, or employment are known or believed to"
        " have had intimate or particularly close association with him and brief"
        " information concerning the identity and occu- pation of such persons, your"
        " knowledge of such persons, and the period and nature of the relationship of"
        " such person with Subject. Include also the names of- all American and foreign"
        " newspaper people with whom he is known or believed to have had personal contact"
        " irre- spective of the extent or closeness of their relation- ship. Give names"
        " with brief information as to the period and nature of such relationship for"
        " each, Can you provide any information of any kind tending to establish that"
        " Subject may have been sympathetic to hostile ideologies or had contact with and"
        " was cooperating with a hostile intelligence service. Yes or No . If yes, give"
        " *This is an Outline only of information desired. If vou either knew the Subject"
        " or have any information from other sources on any of the points contained in"
        " the outline, a separate memorandum is needed with each paragraph thereof keyed"
        " to those in this outline. If you neither knew the Subject nor have any"
        " information of the kind requested in"
    ),
    # extracted_text/releases/2018/104-10110-10306.md
    # extracted_text/releases/2018/104-10128-10251.md
    "104-10110-10306/104-10128-10251#5": (
        "outlined returned after signing and dating. The signed and dated outline will"
        " thus serve as a memorandum for the files."
    ),
    # extracted_text/releases/2018/docid-32556684.md
    # extracted_text/releases/2018/docid-32576576.md
    "docid-32556684/docid-32576576#1": (
        "5. Previous and other installations on the same subject (with dates and places):"
        " 6. If installation is a technical surveillance, answef following questions:"
    ),
    # extracted_text/releases/2018/docid-32556684.md
    # extracted_text/releases/2018/docid-32576576.md
    "docid-32556684/docid-32576576#2": (
        "If a microphone surveillance involved, state number of microphones actually used"
        " and location of each:"
    ),
    # extracted_text/releases/2018/docid-32556684.md
    # extracted_text/releases/2018/docid-32576576.md
    "docid-32556684/docid-32576576#3": (
        "Is the installation part of a tel-mike? If so, give symbol of other side"
        " Specific examples of valuable information obtained since previous report with"
        " indication of specific value of each item and the date information received."
        " State what use was made of each item involved: (Add insert pages)"
    ),
    # extracted_text/releases/2018/docid-32556684.md
    # extracted_text/releases/2018/docid-32576576.md
    "docid-32556684/docid-32576576#4": (
        "Could above information have been obtained from other sources and by other"
        " Number of live informants (in field division) who cover same subject:"
    ),
    # extracted_text/releases/2018/docid-32556684.md
    # extracted_text/releases/2018/docid-32576576.md
    "docid-32556684/docid-32576576#5": (
        "Has security factor changed since installation? Any request for the surveillance"
        " by outside agency (give name, title and"
    ),
    # extracted_text/releases/2018/docid-32556684.md
    # extracted_text/releases/2018/docid-32576576.md
    "docid-32556684/docid-32576576#6": (
        "Rental costs for plant premises: b. Give total number of other surveillances"
        " monitored at same plant."
    ),
}
# Rare words of the passages: the cheap pre-filter's keys.
KEYS = frozenset(
    {
        "ACQUAINTED",
        "ACQUIRED",
        "ASSIGNMENTS",
        "CIRCUMSTANCES",
        "CLOSENESS",
        "COOPERATING",
        "CRYPTONYMS",
        "EXAMPLES",
        "EXPERIENCE",
        "IDEOLOGIES",
        "ILLUSTRATING",
        "INSTALLATION",
        "INSTALLATIONS",
        "INTIMATE",
        "IRRESPECTIVE",
        "KNOWLEDGEABLE",
        "MICROPHONE",
        "MICROPHONES",
        "MONITORED",
        "NEWSPAPER",
        "OBSERVATIONS",
        "OPPOSITION",
        "OUTLINED",
        "PARTICIPATED",
        "PERSONALITY",
        "PREMISES",
        "RELATION",
        "SPECTIVE",
        "SUFFICIENTLY",
        "SURVEILLANCES",
        "SYMPATHETIC",
        "VALUABLE",
    }
)

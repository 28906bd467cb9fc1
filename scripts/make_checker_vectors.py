"""Write tests/checker/vectors.json: drafts and the findings the Python checker gives for them.

    .venv/bin/python scripts/make_checker_vectors.py

Run it after an intended change to the checker or to the example's communication data, then
read the diff of vectors.json: each finding in it was checked by hand when the case was added
(the positions are worked out in the test names' comments where they are not obvious). The same
file is run against the page in Chromium (tests/site/test_checker_page.py).
"""
import json
from pathlib import Path
from macros.playbook import load_playbook
from macros.checker.engine import Checker, checker_data
pb, _ = load_playbook(Path(__file__).resolve().parents[1])
c=Checker(checker_data(pb))
FULL = ("Subject: [T-4821] Update: workflows are running again for most of your team\n\nHello Sam,\n\n"
        "Current status: workflows are running again for most of your team.\nImpact: new customers cannot finish onboarding forms.\n"
        "What we know: a certificate on the forms service expired at 09:12 UTC.\nWhat we have tried: renewing it restored 80 % of traffic.\n"
        "What you can do meanwhile: share the direct form link instead of the embedded one.\n"
        "Expected resolution: between 15:00 and 16:00 UTC.\n\nNext update by 14:30 UTC.\n\nAlex Kim, Support team\n")
W = "war-room-brief"
V = []
def v(name, text, template=None, channel=None):
    V.append({"name": name, "text": text, "template": template, "channel": channel})
# banned phrases and every evasion
v("plain", "Please calm down.", W)
v("upper case", "Please CALM DOWN!", W)
v("accent", "Please c\u00e1lm down.", W)
v("combining accent", "Please ca\u0301lm down.", W)
v("curly apostrophe", "Sorry, that\u2019s our policy.", W)
v("no-break space", "Please calm\u00a0down.", W)
v("tab", "Please calm\tdown.", W)
v("wrapped line", "Please stay calm\ndown there.", W)
v("wrapped with CR LF", "Please stay calm\r\ndown there.", W)
v("zero-width space", "Please calm\u200b down.", W)
v("zero-width joiner", "It is not\u200d our fault.", W)
v("word joiner", "Please calm\u2060 down.", W)
v("byte order mark inside", "Please \ufeffcalm down.", W)
v("soft hyphen", "Please ca\u00adlm down.", W)
v("right-to-left override", "Please \u202ecalm down\u202c.", W)
v("bidi isolates", "Please \u2066calm\u2069 down.", W)
v("variation selector", "Please calm\ufe0f down.", W)
v("Cyrillic a", "Please c\u0430lm down.", W)
v("Cyrillic o in two words", "Please calm d\u043ewn, it is n\u043et our fault.", W)
v("Greek capitals", "\u0399\u03a4'S A KNOWN ISSUE.", W)
v("full-width letters", "Please \uff43\uff41\uff4c\uff4d \uff44\uff4f\uff57\uff4e.", W)
v("mathematical bold", "Please \U0001d41c\U0001d41a\U0001d425\U0001d426 down.", W)
v("emoji before counts as one column", "\U0001f600 calm down", W)
v("two phrases on one line", "calm down; that's our policy", W)
v("same phrase on two lines", "calm down\nand calm down again", W)
v("second line", "Hello,\nas I said, user error.", W)
# near misses
v("near miss: longer word", "Walk calm downstairs.", W)
v("near miss: word inside another", "Stay becalm down there.", W)
v("near miss: hyphenated", "A calm-down period.", W)
v("near miss: new paragraph", "Stay calm\n\nDown the line we fix it.", W)
v("near miss: look-alike in a longer word", "Walk c\u0430lm downstairs.", W)
v("near miss: plural", "These are not our faults alone.", W)
v("near miss: different words", "That is our policy.", W)
v("near miss: zero-width space without a space", "calm\u200bdown", W)
v("near miss: empty", "", W)
# placeholders
v("unfilled placeholder of the template", "Impact: {impact}\nSymptoms: slow\nSuspected cause: DNS\nNext step: Alex restarts it", W)
v("unknown placeholder of the template", "Impact: all forms\nSymptoms: {symptom}", W)
v("placeholder without a template", "Hello {customer_name}, see {foo}.", None, "email")
v("placeholder with spaces and capitals", "Hello {Customer Name}.", "acknowledgement")
# elements
v("complete periodic update", FULL, "periodic-update")
v("periodic update without next update", FULL.replace("Next update by 14:30 UTC.\n\n", ""), "periodic-update")
v("next update without a time", FULL.replace("Next update by 14:30 UTC.", "Next update soon."), "periodic-update")
v("next update with am/pm", FULL.replace("14:30 UTC", "2 pm CET"), "periodic-update")
v("next update time on the next line", FULL.replace("Next update by 14:30 UTC.", "Next update by\n14:30 UTC."), "periodic-update")
v("impact cue with nothing after it", FULL.replace("Impact: new customers cannot finish onboarding forms.", "Impact:"), "periodic-update")
v("cue words inside a placeholder do not count", "Hello,\n{impact}\nNext update by 15:00 UTC.", "acknowledgement")
v("acknowledgement with its elements", "Hello Sam,\nWe understand that your forms fail.\nYou will hear from me again by 15:00 UTC.", "acknowledgement")
v("no template: every element is expected", "Hello Sam, we are on it.", None, None)
# length
v("chat over its limit", "word " * 301, "war-room-brief")
v("chat limit by channel", ("x" * 60 + "\n") * 25 + "y" * 40, None, "chat")
v("status page over its limit", "Affected: forms\nNext update by 15:00 UTC.\n" + "z" * 600, "status-page-notice")
v("exactly at the limit", "a" * 1500 + "\n\n", None, "chat")
for x in V:
    x["findings"] = [f.as_dict() for f in c.check(x["text"], x["template"], x["channel"])]
json.dump({"about": "Drafts and the findings the checker must give, in Python (tests/checker) and in the page (Chromium).", "vectors": V}, open(Path(__file__).resolve().parents[1] / 'tests/checker/vectors.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
for x in V:  # for reading the diff
    print("##", x["name"], [(f["rule"], f["line"], f["column"], f["text"][:30]) for f in x["findings"]])

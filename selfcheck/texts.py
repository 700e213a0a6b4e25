"""The words around the self-check questions: page introductions, what each score band
means, and what to do next.

They are medically reviewed content, like an article: staff edit them together in the
admin ("Self-check wording", one box per text, labelled as in ``LABELS``) and a medical
reviewer approves them (``selfcheck/models.py``). The pages show the approved wording;
``TEXTS`` below is the built-in wording, which the sample content loader publishes on
a new install (marked as sample content) or else sends for review, and which the pages
fall back to for any text not yet approved (or when the database cannot be read), so a
self-check never breaks.

They are apart from the questions (``instruments.py``, fixed published wording) and from
the templates. Rules for these words: plain language at grade 8 or below
(tests/test_selfcheck_texts.py checks what is shown), never a statistic, and never words
that could talk someone out of care. Every band, the lowest included, tells the reader to
talk to a doctor if they are worried; the result page then offers the consultation
request. Crisis numbers are not written here: they live in
templates/includes/crisis_numbers.html.
"""

TEXTS = {
    # /self-check/
    "overview.lead": (
        "Two short sets of questions can help you think about how you have been feeling over "
        "the last two weeks. Each one takes about two minutes."
    ),
    "overview.about": (
        "The depression self-check uses the PHQ-9, a list of nine questions. The anxiety "
        "self-check uses the GAD-7, a list of seven questions. Doctors and nurses use these "
        "same questions to check on mood and worry. At the end you see a score and what it "
        "may mean."
    ),
    "overview.not_a_diagnosis": (
        "A self-check is not a diagnosis. Only a doctor or mental health professional who "
        "talks with you can tell what is going on and what may help. Whatever your score, if "
        "you are worried about how you feel, talk to a doctor."
    ),
    "overview.privacy": (
        "We do not save your answers, and we do not send them anywhere. Your result is shown "
        "once, on your screen. You can print it. You can also choose to send it to us with a "
        "consultation request, but only if you want to."
    ),
    # The questionnaire pages
    "depression.intro": (
        "Nine questions ask how often some common signs of depression have bothered you over "
        "the last 2 weeks. Choose the answer that fits best. There are no right or wrong "
        "answers. The last question, about how much these problems get in your way, is "
        "optional."
    ),
    "anxiety.intro": (
        "Seven questions ask how often some common signs of anxiety have bothered you over "
        "the last 2 weeks. Choose the answer that fits best. There are no right or wrong "
        "answers. The last question, about how much these problems get in your way, is "
        "optional."
    ),
    "form.privacy": (
        "Your answers are not saved or sent anywhere. You will see your result on the next page."
    ),
    # The result page: what each band means
    "result.depression.minimal": (
        "Your answers show few or no signs of depression over the last 2 weeks. A low score "
        "does not mean your feelings do not matter. If something still feels wrong, or you "
        "are worried about how you feel, talk to a doctor."
    ),
    "result.depression.mild": (
        "Your answers show mild signs of depression. Even mild depression can make days feel "
        "harder, and it can change over time. If you are worried about how you feel, talk to "
        "a doctor. They can help you decide what to do next."
    ),
    "result.depression.moderate": (
        "Your answers show moderate signs of depression. At this level, depression often gets "
        "in the way of work, home life and time with others. It is a good idea to talk to a "
        "doctor soon about how you feel. There are many kinds of care, and a doctor can help "
        "you find what fits you."
    ),
    "result.depression.moderately_severe": (
        "Your answers show moderately severe signs of depression. That is a lot to carry. "
        "Please talk to a doctor soon, in the next few days if you can. You do not need to "
        "wait until things get worse to ask for help."
    ),
    "result.depression.severe": (
        "Your answers show severe signs of depression. You deserve help, and soon. Please "
        "talk to a doctor as soon as you can, today or tomorrow if you can. If you feel you "
        "might hurt yourself, get help right away. The numbers to call are at the end of this "
        "page."
    ),
    "result.anxiety.minimal": (
        "Your answers show few or no signs of anxiety over the last 2 weeks. A low score does "
        "not mean your feelings do not matter. If something still feels wrong, or you are "
        "worried about how you feel, talk to a doctor."
    ),
    "result.anxiety.mild": (
        "Your answers show mild signs of anxiety. Even mild worry and tension can wear you "
        "down over time. If you are worried about how you feel, talk to a doctor. They can "
        "help you decide what to do next."
    ),
    "result.anxiety.moderate": (
        "Your answers show moderate signs of anxiety. At this level, worry and nerves often "
        "get in the way of work, sleep and time with others. It is a good idea to talk to a "
        "doctor soon about how you feel. There are many kinds of care, and a doctor can help "
        "you find what fits you."
    ),
    "result.anxiety.severe": (
        "Your answers show severe signs of anxiety. That is hard to live with, and you deserve "
        "help soon. Please talk to a doctor as soon as you can. If you ever feel you cannot "
        "keep yourself safe, get help right away. The numbers to call are at the end of this "
        "page."
    ),
    "result.not_a_diagnosis": (
        "This result is not a diagnosis. A list of questions cannot know your whole story. "
        "Other health problems, medicines, grief and stress can cause some of the same "
        "feelings. A doctor or mental health professional can talk it through with you and "
        "help you decide what to do."
    ),
    # The result page: next steps, shown whatever the score
    "next_steps.doctor": (
        "Talk to a doctor, nurse or counselor about how you feel. Your own doctor is a good "
        "place to start. You can print this page and take it with you."
    ),
    "next_steps.consultation": (
        "Ask our team for a consultation. We can talk about your health, the care you have "
        "tried, and whether a treatment we offer could be a safe choice for you."
    ),
    "next_steps.worse": (
        "If you start to feel worse, or you have thoughts of hurting yourself, get help right "
        "away. You do not need an appointment."
    ),
    "attach.explained": (
        "If you like, your answers and score can go with a consultation request, so our team "
        "can see them before we talk. They are sent only if you fill in the form and send it."
    ),
    "print.explained": (
        "Print this page, or save it as a PDF, to take to your doctor. The printout shows the "
        "questions, your answers, your score and the date. Use your browser's Print command: "
        "Ctrl+P, or Command+P on a Mac. On a phone, look for Print in the Share menu."
    ),
    # Shown first on the result page when the answer to PHQ-9 question 9 is not "Not at all"
    "crisis.heading": "Please reach out for help now",
    "crisis.lead": (
        "You said you have had thoughts that you would be better off dead, or of hurting "
        "yourself. Those thoughts can feel scary and very heavy. You do not have to face them "
        "alone. Someone is ready to listen right now, for free, at any hour:"
    ),
    "crisis.after": (
        "If you might act on these thoughts, or you are not safe right now, treat it as an "
        "emergency. If you can, stay with someone you trust until you get help. Your result "
        "is below, when you are ready."
    ),
}


# How staff see each text in the admin: where it is shown, in plain words. The boxes are
# grouped under these headings, in this order.
SECTIONS = {
    "The self-checks page": {
        "overview.lead": "Self-checks page, first words",
        "overview.about": "Self-checks page, about the two question lists",
        "overview.not_a_diagnosis": "Self-checks page, not a diagnosis",
        "overview.privacy": "Self-checks page, what happens to the answers",
    },
    "The question pages": {
        "depression.intro": "Depression questions, first words",
        "anxiety.intro": "Anxiety questions, first words",
        "form.privacy": "Question pages, answers are not kept",
    },
    "The result: what the score means": {
        "result.depression.minimal": "Result, depression, minimal",
        "result.depression.mild": "Result, depression, mild",
        "result.depression.moderate": "Result, depression, moderate",
        "result.depression.moderately_severe": "Result, depression, moderately severe",
        "result.depression.severe": "Result, depression, severe",
        "result.anxiety.minimal": "Result, anxiety, minimal",
        "result.anxiety.mild": "Result, anxiety, mild",
        "result.anxiety.moderate": "Result, anxiety, moderate",
        "result.anxiety.severe": "Result, anxiety, severe",
        "result.not_a_diagnosis": "Result, not a diagnosis",
    },
    "The result: next steps (shown whatever the score)": {
        "next_steps.doctor": "Next step, talk to a doctor",
        "next_steps.consultation": "Next step, ask us for a consultation",
        "next_steps.worse": "Next step, if you feel worse",
        "attach.explained": "Result, sending the answers with a request",
        "print.explained": "Result, printing the result",
    },
    "Crisis help (shown first when depression question 9 is not “Not at all”)": {
        "crisis.heading": "Crisis help, heading",
        "crisis.lead": "Crisis help, before the numbers",
        "crisis.after": "Crisis help, after the numbers",
    },
}
LABELS = {name: label for texts in SECTIONS.values() for name, label in texts.items()}

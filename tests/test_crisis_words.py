import pytest

from inquiries.crisis import mentions_crisis


@pytest.mark.parametrize(
    "message",
    [
        "I have been thinking about suicide.",
        "Sometimes I feel SUICIDAL at night",
        "i want to die",
        "I just wanna die.",
        "I don't want to live anymore",
        "I don’t want to live like this",
        "Everyone would be better off without me",
        "I wish I were dead",
        "I have been self-harming again",
        "self harm",
        "I cut myself last week",
        "I'm scared I'll hurt myself",
        "I took an overdose in March",
        "Overdosed twice last year!",
        "I keep thinking I should end my life...",
        "kill-myself thoughts",
        "I want to take my own life",
        "I self-harmed last month",
        "I've had two overdoses",
        "I harmed myself again",
        "thinking about ending it all",
        "I thought about how I'd hang myself",
    ],
)
def test_crisis_language_is_spotted(message):
    assert mentions_crisis(message)


@pytest.mark.parametrize(
    "message",
    [
        "",
        "My bill is overdue",
        "I am on a strict diet",
        "I'm a die-hard surfer",
        "The side effects seemed harmless",
        "I practise self-care every day",
        "My grandmother died last year and I have been sad",
        "I'm dying to know whether insurance covers this",
        "I cut my hours at work",
        "I want to live a fuller life",
        "Is your suite on the ground floor?",
    ],
)
def test_near_misses_are_not_flagged(message):
    assert not mentions_crisis(message)

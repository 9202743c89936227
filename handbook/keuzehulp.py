"""The keuzehulp's reasoning: which rule fits the answers, and why."""

from dataclasses import dataclass

from .models import QUESTIONS


@dataclass
class Advice:
    rule: object
    reasons: list  # (question, answer label) pairs that made the rule fit


def answer_label(question, value):
    return dict(QUESTIONS[question][1]).get(value, value)


def advise(rules, answers):
    """The first rule (in the editors' order) whose conditions all hold, with the reasons."""
    answers = {k: v for k, v in answers.items() if k in QUESTIONS and v}
    for rule in rules:
        if rule.matches(answers):
            reasons = [
                (QUESTIONS[name][0], answer_label(name, value))
                for name, value in rule.conditions().items()
            ]
            return Advice(rule, reasons)
    return None

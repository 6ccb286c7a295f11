from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def quiz_block(context, quiz):
    """A quiz in a lesson, with the learner's attempts and the feedback of their last one."""
    request = context["request"]
    state = dict(context.get("quizzes", {}).get(quiz.pk, {}))
    feedback = request.session.pop(f"quiz-feedback-{quiz.pk}", None) if request else None
    if feedback:
        texts = {q["id"]: q["text"] for q in quiz.question_list()}
        state["feedback_questions"] = [
            {"text": texts.get(qid, ""), **result} for qid, result in feedback["results"].items()
        ]
    return render_to_string(
        "training/blocks/quiz.html",
        {
            "quiz": quiz,
            "state": state,
            "feedback": bool(feedback),
            "enrolment": context.get("enrolment"),
            "page": context.get("page"),
        },
        request=request,
    )

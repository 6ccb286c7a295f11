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
        questions = {q["id"]: q for q in quiz.question_list()}
        results = feedback["results"].values()
        state["right"] = sum(1 for result in results if result["correct"])
        state["asked"] = len(results)
        state["feedback_questions"] = [
            {
                "text": questions.get(qid, {}).get("text", ""),
                "answers": [
                    c["text"] for c in questions.get(qid, {}).get("choices", []) if c["correct"]
                ],
                **result,
            }
            for qid, result in feedback["results"].items()
        ]
    return render_to_string(
        "training/blocks/quiz.html",
        {
            "quiz": quiz,
            "state": state,
            "feedback": bool(feedback),
            "enrolment": context.get("enrolment"),
            "page": context.get("page"),
            "offline_course": context.get("offline_course"),
        },
        request=request,
    )


@register.filter
def quizzes_of(outline_quizzes, lesson):
    """The outline's quizzes held by this lesson (any language: matched by translation key)."""
    return (outline_quizzes or {}).get(lesson.translation_key, [])


@register.filter
def parent_page(page, request):
    """The page's parent, read with the page's route (``portal.infrastructure.wagtail_lookups``)
    where it was routed, else from the database."""
    from portal.infrastructure import wagtail_lookups

    ancestors = wagtail_lookups.ancestors(request, page)
    return ancestors[-1] if ancestors else page.get_parent()

"""A learner's action that is refused."""


class LearningError(Exception):
    """A learner's action that is refused; ``status`` is the HTTP status that says why."""

    def __init__(self, message, status=400, field=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field

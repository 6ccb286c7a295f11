from .addresses import ReadableSlugMixin
from .areas import AdministrativeArea
from .bilingual import BilingualName
from .glossary import GlossaryTerm
from .outbox import OutboxMessage
from .pages import HomePage, StandardPage
from .people import Gender, Profile
from .site_settings import ContactSettings
from .tagging import TaggedContentMixin
from .taxonomy import ActorType, Level, Organisation, Strategy

__all__ = [
    "ActorType",
    "AdministrativeArea",
    "BilingualName",
    "ContactSettings",
    "Gender",
    "GlossaryTerm",
    "HomePage",
    "Level",
    "Organisation",
    "OutboxMessage",
    "Profile",
    "ReadableSlugMixin",
    "StandardPage",
    "TaggedContentMixin",
    "Strategy",
]

"""The translation workflow on wagtail-localize: which pages are translated and how current
each translation is, bringing translations made outside wagtail-localize under its tracking,
a whole section's text for a translator in one PO file, and the programme's glossary.

See docs/decisions/0023-translation-workflow.md.
"""

"""The one-page profile: what people like and admire about the person, what is important to
them, and how best to support them, in their own words and showing whose words they are."""

from __future__ import annotations

from advisor_app.documents.common import DocumentInput, format_date, people, in_reader_language
from advisor_app.documents.easyread import Bullets, DocumentSpec, Section, Text, build_pdf, meaning
from advisor_app.domain.messages import N_
from advisor_app.domain.picture import OnePageProfile
from advisor_app.i18n import _

TITLE = N_("One-page profile")


def why_not_ready(sections: dict) -> str | None:
    profile = sections.get("one_page_profile") or {}
    if not any(profile.get(part) for part in ("like_and_admire", "important_to", "how_to_support")):
        return N_("Write something in the one-page profile first.")
    return None


def spec(data: DocumentInput) -> DocumentSpec:
    who = people(data)
    profile = data.section("one_page_profile", OnePageProfile) or OnePageProfile()
    name = who.first_name
    title = _("{name}\u2019s one-page profile", name=name) if name else _(TITLE)
    subtitle = [_("{name}, made on {date}", name=who.full_name, date=format_date(data.made_on)) if who.full_name
                else _("Made on {date}", date=format_date(data.made_on))]
    intro = [Text(meaning("one-page profile"))]
    return DocumentSpec(
        title=title,
        subtitle=subtitle,
        subject=_(TITLE),
        footer=title,
        keywords=[k for k in (_(TITLE), data.reference) if k],
        provider=data.provider,
        made_on=data.made_on,
        language=data.language,
        large_print=data.large_print,
        logo=data.logo,
        intro=intro,
        sections=[
            Section(_("What people like and admire about me"), [Bullets(who.saids(profile.like_and_admire))],
                    symbol="profile.like"),
            Section(_("What is important to me"), [Bullets(who.saids(profile.important_to))],
                    symbol="profile.important"),
            Section(_("How best to support me"), [Bullets(who.saids(profile.how_to_support))],
                    symbol="profile.support"),
        ],
        contact=False,
        compact=True,  # it is one page: the same type, closer together
        photo=data.photo,
    )


@in_reader_language
def build(data: DocumentInput) -> bytes:
    return build_pdf(spec(data))

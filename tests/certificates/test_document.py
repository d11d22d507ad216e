"""The certificate PDF, read back from its bytes: text in both languages, fonts embedded and
covering every character, the QR code decoding to the certificate's address, the hash reproducible."""

from __future__ import annotations

import hashlib
import io

import pikepdf
import pypdfium2
import pytest
import zxingcpp

from app.certificates import codes, document, services, snapshots, subjects, templates
from app.certificates.models import CertificateTemplate
from app.core.access import Role
from tests.certificates.factories import held_workshop, people
from tests.conftest import make_user
from tests.pdf_check import fonts_not_embedded, printed_text, uncovered_characters

P = "present"


def _qr_texts(data: bytes, page: int = 0) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        image = pdf[page].render(scale=3).to_pil()
    finally:
        pdf.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _png(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def issued(db):
    coordinator = make_user(roles=(Role.COORDINATOR,))
    zhang, kowalska = people(("张", "伟", "Zhang", "Wei"), ("", "", "Kowalska", "Małgorzata"))
    workshop = held_workshop({zhang: [P] * 5, kowalska: [P] * 5})
    certificates = services.issue_to_all(coordinator, subjects.workshop_subject(workshop))
    db.session.commit()
    return {c.holder_id: c for c in certificates}, zhang, kowalska


def test_certificate_pdf_is_bilingual_embedded_covered_and_reproducible(issued):
    by_holder, zhang, kowalska = issued
    for holder, expected_names in (
        (zhang, ["张伟", "Zhang Wei"]),
        (kowalska, ["Małgorzata Kowalska"]),
    ):
        certificate = by_holder[holder.id]
        data = snapshots.render_certificate(certificate)
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == 1
            box = [float(v) for v in pdf.pages[0].MediaBox]
            assert box[2] > box[3]  # landscape
            assert round(box[2]) == 842 and round(box[3]) == 595  # A4
        text = printed_text(data)
        for piece in [
            *expected_names,
            "培训证书",
            "Certificate of Attendance",
            "兹证明",
            "职业中介机构监管",
            "Monitoring recruitment agencies",
            "国际劳工组织",
            "International Labour Organization",
            certificate.code_display,
            "发证日期",
        ]:
            assert piece in text, piece
        assert fonts_not_embedded(data) == []
        assert uncovered_characters(data) == []
        assert _qr_texts(data) == [f"http://training.test/verify/{certificate.code_display}"]


def test_dates_print_in_each_languages_style(db):
    from datetime import UTC, datetime

    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    workshop.starts_at = datetime(2026, 11, 28, 1, tzinfo=UTC)
    workshop.ends_at = datetime(2026, 11, 28, 9, tzinfo=UTC)
    db.session.commit()
    certificate, _ = services.issue_to_one(
        make_user(roles=(Role.COORDINATOR,)), subjects.workshop_subject(workshop), zhang.id
    )
    text = printed_text(snapshots.render_certificate(certificate))
    assert "2026年11月28日" in text
    assert "28 November 2026" in text


def test_template_images_and_signatories_are_printed_and_frozen(db, app):
    from app.core.storage import ValidatedUpload, store_upload

    def stored(data):
        return store_upload(
            ValidatedUpload(
                data, "x.png", "png", "image/png", len(data), hashlib.sha256(data).hexdigest()
            )
        )

    logo, signature, seal = stored(_png((0, 80, 160))), stored(_png((10, 10, 10))), stored(_png())
    template = templates.default_template(services.Kind.ATTENDANCE)
    template.logo_file_ids = [logo.id]
    template.signatories = [
        {
            "name": "Anna Schmidt",
            "title_en": "Programme Director",
            "title_zh": "项目主任",
            "file_id": signature.id,
        },
        {"name": "李明", "title_en": "Deputy Director-General", "title_zh": "副司长"},
    ]
    template.seal_file_id = seal.id
    db.session.commit()
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    workshop = held_workshop({zhang: [P] * 5})
    certificate, _ = services.issue_to_one(None, subjects.workshop_subject(workshop), zhang.id)
    db.session.commit()
    assert certificate.snapshot["template"]["logos"] == [logo.sha256]
    assert certificate.snapshot["template"]["seal"] == seal.sha256
    data = snapshots.render_certificate(certificate)
    text = printed_text(data)
    for piece in ("Anna Schmidt", "Programme Director", "项目主任", "李明", "副司长"):
        assert piece in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [k for k, v in pdf.pages[0].Resources.XObject.items() if v.Subtype == "/Image"]
        assert len(images) == 3
    # the admin replaces the logo: the issued certificate still re-renders identically
    template.logo_file_ids = [stored(_png((0, 200, 0))).id]
    template.signatories = []
    db.session.commit()
    assert (
        hashlib.sha256(snapshots.render_certificate(certificate)).hexdigest()
        == certificate.pdf_sha256
    )


def test_merged_pdf_has_one_page_per_certificate_in_order(issued):
    by_holder, zhang, kowalska = issued
    ordered = [by_holder[kowalska.id], by_holder[zhang.id]]
    data = snapshots.render_merged(ordered)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
    assert fonts_not_embedded(data) == []
    assert uncovered_characters(data) == []
    assert _qr_texts(data, 0) == [ordered[0].snapshot["verify_url"]]
    assert _qr_texts(data, 1) == [ordered[1].snapshot["verify_url"]]


def test_same_page_renders_to_the_same_bytes_and_a_change_shows():
    page = document.CertificatePage(
        heading_zh="结业证书",
        heading_en="Certificate of Completion",
        preamble_zh="兹证明",
        preamble_en="This is to certify that",
        holder_name="Đurđica Horvat",
        holder_name_other="",
        statement_zh="完成了",
        statement_en="completed",
        event_title_zh="公平招聘",
        event_title_en="Fair recruitment",
        dates_zh="于2026年11月28日完成",
        dates_en="Completed on 28 November 2026",
        code=codes.display(codes.generate()),
        verify_url="http://training.test/verify/X",
    )
    first = document.render(page)
    assert document.render(page) == first
    from dataclasses import replace

    assert document.render(replace(page, holder_name="Đurđica Horvát")) != first
    assert uncovered_characters(first) == []


def test_preview_is_marked_as_a_sample_and_its_code_never_verifies(db, app):
    from app.certificates.preview import SAMPLE_CODE, preview_pdf

    template = templates.default_template(services.Kind.COMPLETION)
    db.session.commit()
    data = preview_pdf(template)
    text = printed_text(data)
    assert "样本" in text and "SAMPLE" in text
    assert "结业证书" in text and "Certificate of Completion" in text
    with pytest.raises(codes.MistypedCode):
        codes.parse(SAMPLE_CODE)
    assert isinstance(template, CertificateTemplate)

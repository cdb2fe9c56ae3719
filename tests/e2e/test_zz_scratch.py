import io
from pypdf import PdfReader
from samverkan.meetings.models import Meeting
from samverkan.meetings import pdf


def test_dump(site):
    out = []
    gr = Meeting.objects.get(body__key="gr-styrgrupp-social-valfard")
    out.append(PdfReader(io.BytesIO(pdf.render_extract(gr.minutes, 33, public=True))).pages[0].extract_text())
    board = Meeting.objects.filter(body__key="vastkom-styrelse").first()
    out.append(
        "\n=====NOTICE\n" + "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.render_notice(board))).pages)
    )
    open("/tmp/scratch/pdf.txt", "w").write("\n".join(out))

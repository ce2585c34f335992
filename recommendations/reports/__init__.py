"""The annual meeting report (DESIGN.md, "The annual meeting report").

- builder.py computes every figure once, in the database, into a `Report`.
- charts.py draws the charts (SVG for the page and the PDF, PNG for Word).
- xlsx.py, docx.py, pdf.py render that one Report into each file format; files.py picks one.
- jobs.py builds a large report's file in a Celery task, recording progress.
"""

"""Paper import: read a paper's text and propose its recommendations (plain Python, no Django).

- text.py: lines and paragraphs out of TXT/Markdown, PDF (pypdf) and DOCX (python-docx),
  surviving double spacing, page breaks, running headers and page numbers.
- extract.py: the candidate recommendations of a paper, with number, title, text, place,
  parent and confidence, and the paper's title/authors/company where the text shows them.
- evaluate.py: recall and precision against a careful reader's labels.
"""

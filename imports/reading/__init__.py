"""Paper import: read a paper's text and propose its recommendations (plain Python, no Django).

- text.py: lines and paragraphs out of TXT/Markdown, PDF (pypdf) and DOCX (python-docx); the
  layout (printed book, web text, Word) is told first; word.py prints Word's own numbering.
- numbering.py: the markers items open with, their depth, and items run together in a paragraph.
- vocabulary.py: the words of an ask, in English and Chinese (Traditional folded by OpenCC).
- extract.py: the rules' proposals and the candidates kept, with number, title, text, place,
  parent and confidence; scorer.py: the learned scorer (model.json) that ranks and filters them.
- details.py: the paper's title, authors and company from its bylines and headers.
- learn.py: training the scorer (scikit-learn); evaluate.py: recall and precision against a
  careful reader's labels, leave-one-document-out.
"""

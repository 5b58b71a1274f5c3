"""Documents rendered from service results (HTML and PDF), used by every interface.

Below the pages, the API and the CLI, above the services: a document takes what a service returned
and the reader's language (citypact.i18n) and gives a `documents.Document`, its self-contained HTML
and the file name of its PDF; `Document.pdf()` renders it offline with WeasyPrint (`pdf`), with the
CJK font of `fonts`, so Japanese shows as text. Charts are SVG from `charts`, inline.

To add a document (a contract, a certificate, an annual report):
1. a template under reports/templates: self-contained (styles inline, charts as inline SVG, nothing
   linked), its body font stack ending in "Noto Sans CJK JP" like the others;
2. a module here with `<name>_document(view, lang, nonce="") -> Document` that calls
   `documents.render(template, lang, nonce, ...)` (see `declaration` for the smallest one);
3. the interfaces call it: a page answers `document.html`, a PDF route `document.pdf()` with
   `document.pdf_name`, the CLI writes the same bytes.
Authorization stays in the service that loaded the view; a document never reads the database.
"""

"""Words in the reader's language (English, German, Japanese), below every interface.

The message catalogs (`<lang>/LC_MESSAGES/messages.po`) sit beside the code that reads them:
`catalog` (translations and locale formats), `labels` (names marked for the catalogs) and `reasons`
(domain reasons as sentences). Pages, PDFs and the CLI all word things from here; services return
codes and figures only.
"""

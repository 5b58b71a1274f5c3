"""Request plumbing shared by the JSON API and the pages: database sessions, the current user,
the session cookie and CSRF, security headers and download names. Neither interface imports the other."""

"""Who is who: accounts, passwords, login and its throttle, server-side sessions, demo accounts."""

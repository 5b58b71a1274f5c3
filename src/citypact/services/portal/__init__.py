"""A network's public portal: its news posts (news), the public view of its members on a map
with their progress, partnerships, deals and cases (public), and a city's embeddable progress
(progress)."""

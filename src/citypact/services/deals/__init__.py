"""Local Green Deals: deals with parties, commitments and their progress."""

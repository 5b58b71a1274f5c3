"""Cities working together: partnerships and their events, matching, technical cooperation, tours."""

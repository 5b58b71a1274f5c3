"""Survey rounds of network secretariats: questionnaires, responses, results, reminders."""

"""Local stakeholder organisations: registered by their own people, confirmed by the city's editors,
who also decide each person's request to speak for one; read views of them and of their deals."""

"""Low-carbon business matchmaking: providers' offers and their references, a city's needs with the
offers that fit, and the conversations between a city and a provider."""

"""ASGI middleware: what every request goes through before and after its route."""

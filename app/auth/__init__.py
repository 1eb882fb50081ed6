"""Who is asking and what they may do: passwords, API tokens, browser sessions, CSRF, the policy."""

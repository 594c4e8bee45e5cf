"""Where papers come from: parsers of Hugging Face JSON (pure) and, later, the network client."""

"""What the tests share: paths, the tiny knowledge base and its TOML writer, the fake Discord."""

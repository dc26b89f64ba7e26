"""One module per site: selectors and rules as constants, a pure `parse`, and listing discovery."""

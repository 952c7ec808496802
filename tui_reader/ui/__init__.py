"""The widgets and screens of the reader (Textual); the data layer stays free of them."""

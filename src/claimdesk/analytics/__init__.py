"""Read side: queries turned into report rows; never writes."""

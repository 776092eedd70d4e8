"""Case reserves (立案估损) and registration (立案) for every line of business."""

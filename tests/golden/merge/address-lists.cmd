address-lists.rules

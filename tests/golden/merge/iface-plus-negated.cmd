iface-plus-negated.rules

../../../samples/docker-ref.rules

../../../samples/docker-ref.rules ../../../samples/policy-9999.rules < ../../../samples/expected-merged.rules

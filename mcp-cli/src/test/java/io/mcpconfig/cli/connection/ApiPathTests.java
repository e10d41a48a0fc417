package io.mcpconfig.cli.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiPathTests {

	@Test
	void segmentsAndQueryValuesAreEncodedAndNullValuesLeftOut() {
		ApiPath path = ApiPath.ofTarget("orders", "dev", "overlays", "a b")
			.with("selector", "region=eu,tier=web")
			.with("comment", null)
			.with("comment", "raise the pool & more");

		assertThat(path).hasToString("/api/v1/configs/orders/dev/overlays/a%20b"
				+ "?selector=region%3Deu%2Ctier%3Dweb&comment=raise%20the%20pool%20%26%20more");
	}

}

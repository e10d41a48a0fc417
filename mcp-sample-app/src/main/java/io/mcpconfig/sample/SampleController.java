package io.mcpconfig.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sample app's contract (DESIGN.md, "Sample app contract"). */
@RestController
public class SampleController {

	private final Greeter greeter;

	private final SampleSettings settings;

	private final ReceivedChanges receivedChanges;

	public SampleController(Greeter greeter, SampleSettings settings, ReceivedChanges receivedChanges) {
		this.greeter = greeter;
		this.settings = settings;
		this.receivedChanges = receivedChanges;
	}

	@GetMapping("/greeting")
	public String greeting() {
		return greeter.greeting();
	}

	@GetMapping("/settings")
	public SampleSettings settings() {
		return settings;
	}

	@GetMapping("/events")
	public List<ReceivedChanges.Received> events() {
		return receivedChanges.all();
	}

}

package io.mcpconfig.sample;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sample app's contract (DESIGN.md, "Sample app contract"). */
@RestController
public class SampleController {

	private final Greeter greeter;

	private final ValueGreeting valueGreeting;

	private final SampleSettings settings;

	private final ReceivedChanges receivedChanges;

	public SampleController(Greeter greeter, ValueGreeting valueGreeting, SampleSettings settings,
			ReceivedChanges receivedChanges) {
		this.greeter = greeter;
		this.valueGreeting = valueGreeting;
		this.settings = settings;
		this.receivedChanges = receivedChanges;
	}

	@GetMapping("/greeting")
	public String greeting() {
		return greeter.greeting();
	}

	@GetMapping("/value")
	public String value() {
		return valueGreeting.greeting();
	}

	@GetMapping("/settings")
	public SampleSettings settings() {
		return settings;
	}

	@GetMapping("/events")
	public List<ReceivedChanges.Received> events() {
		return receivedChanges.all();
	}

	@GetMapping("/listener-calls")
	public List<ReceivedChanges.Received> listenerCalls() {
		return receivedChanges.listenerCalls();
	}

}

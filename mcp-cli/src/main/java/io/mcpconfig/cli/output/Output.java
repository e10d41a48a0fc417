package io.mcpconfig.cli.output;

import java.io.PrintWriter;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code -o table|json|yaml} option of every command that prints an answer, and the
 * printing: a table for people, the center's JSON (or the same as YAML) for scripts.
 */
public final class Output {

	private static final ObjectMapper JSON = new ObjectMapper();

	// every string quoted: unquoted, a value such as 1.10, 0x10, 2026-01-01 or .inf reads
	// back as a number or a date, and the YAML would not say what the JSON says
	private static final ObjectMapper YAML = new ObjectMapper(
			new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
				.disable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

	@Option(names = { "-o", "--output" }, paramLabel = "FORMAT", defaultValue = "table",
			description = "table (default), json or yaml")
	private OutputFormat format;

	@Spec(Spec.Target.MIXEE)
	private CommandSpec command;

	public OutputFormat format() {
		return this.format;
	}

	/**
	 * Prints an answer.
	 * @param answer what the center answered
	 * @param human the text for {@code -o table}
	 */
	public void print(JsonNode answer, Function<JsonNode, String> human) {
		PrintWriter out = out();
		out.print(switch (this.format) {
			case table -> Printable.lines(human.apply(answer));
			case json -> write(JSON.writerWithDefaultPrettyPrinter(), answer) + "\n";
			case yaml -> write(YAML.writer(), answer);
		});
		written(out);
	}

	/**
	 * Prints one item of a stream that goes on ({@code watch}): a line of JSON each, or a
	 * YAML document each, so that a reader can take them as they come.
	 */
	public void printStreamed(JsonNode item, Function<JsonNode, String> human) {
		PrintWriter out = out();
		out.print(switch (this.format) {
			case table -> Printable.lines(human.apply(item));
			case json -> write(JSON.writer().without(SerializationFeature.INDENT_OUTPUT), item) + "\n";
			case yaml -> "---\n" + write(YAML.writer(), item);
		});
		written(out);
	}

	/**
	 * Flushes what was printed and fails when it could not be written: a full disk, or a
	 * pipe whose reader is gone ({@code watch | head -1}), must not end as a success.
	 * @throws CommandFailure with {@link ExitStatus#OUTPUT_FAILED}
	 */
	public static void written(PrintWriter out) {
		out.flush();
		// System.out keeps its failures to itself: picocli's writer over it never sees them
		if (out.checkError() || System.out.checkError()) {
			throw new CommandFailure(ExitStatus.OUTPUT_FAILED,
					"cannot write to standard output (its reader is gone, or its disk is full)");
		}
	}

	public PrintWriter out() {
		return this.command.commandLine().getOut();
	}

	private static String write(ObjectWriter writer, JsonNode value) {
		try {
			return writer.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("a JSON tree that does not serialize", ex);
		}
	}

}

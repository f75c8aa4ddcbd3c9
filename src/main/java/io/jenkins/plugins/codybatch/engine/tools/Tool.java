package io.jenkins.plugins.codybatch.engine.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** One tool offered to the model. */
public interface Tool {

    String name();

    /** The entry of the request's {@code tools} array. */
    ObjectNode definition();

    /** @throws ToolException for a mistake of the model, reported back to it as an error result */
    String run(JsonNode input) throws ToolException, IOException;
}

package net.sf.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stub of json-lib's JSONObject (Jenkins core bundles org.kohsuke.stapler:json-lib; not in api.sig, so the
 * checker does not cover it). Only the members the plugin uses, with the descriptors of jenkinsci/json-lib:
 * {@code JSONObject()}, {@code Object put(String, Object)}, {@code Object opt(String)}, {@code Object remove(String)}.
 */
public final class JSONObject {
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public JSONObject() {}

    public Object put(String key, Object value) {
        return properties.put(key, value);
    }

    public Object opt(String key) {
        return properties.get(key);
    }

    public Object remove(String key) {
        return properties.remove(key);
    }
}

#pragma once
// Dense 32-bit indices that carry their index space in their type, so that a unit
// index passed where a territory index belongs does not compile, and vectors that
// only such an index may subscript. Zero-cost: one std::uint32_t, no checks, every
// operation constexpr and inline, the same code as the plain integer.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <utility>
#include <vector>

namespace revir {

/// An index into one index space, named by `Tag` (an empty struct). Made from an
/// integer only explicitly; never converted to one implicitly (value() says so).
/// none() (UINT32_MAX) stands for "no such element"; a default-made index is none,
/// so that a forgotten initialisation is visible rather than silently index 0.
template <typename Tag>
class StrongIndex {
public:
    using value_type = std::uint32_t;

    constexpr StrongIndex() noexcept = default;
    constexpr explicit StrongIndex(value_type value) noexcept : value_(value) {}

    static constexpr StrongIndex none() noexcept { return StrongIndex(std::numeric_limits<value_type>::max()); }
    constexpr bool is_none() const noexcept { return value_ == std::numeric_limits<value_type>::max(); }
    constexpr bool valid() const noexcept { return !is_none(); }
    constexpr value_type value() const noexcept { return value_; }

    constexpr StrongIndex& operator++() noexcept {
        ++value_;
        return *this;
    }
    constexpr StrongIndex operator++(int) noexcept {
        StrongIndex before = *this;
        ++value_;
        return before;
    }

    friend constexpr bool operator==(StrongIndex, StrongIndex) noexcept = default;
    friend constexpr auto operator<=>(StrongIndex, StrongIndex) noexcept = default;

private:
    value_type value_ = std::numeric_limits<value_type>::max();
};

/// The indices first, first + 1, … last − 1, for range-for loops:
/// `for (UnitIndex u : indices<UnitIndex>(n))`.
template <typename Index>
class IndexRange {
public:
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Index;
        using difference_type = std::ptrdiff_t;
        using pointer = const Index*;
        using reference = Index;

        constexpr iterator() noexcept = default;
        constexpr explicit iterator(Index at) noexcept : at_(at) {}
        constexpr Index operator*() const noexcept { return at_; }
        constexpr iterator& operator++() noexcept {
            ++at_;
            return *this;
        }
        constexpr iterator operator++(int) noexcept {
            iterator before = *this;
            ++at_;
            return before;
        }
        friend constexpr bool operator==(iterator, iterator) noexcept = default;

    private:
        Index at_;
    };

    constexpr IndexRange(Index first, Index last) noexcept : first_(first), last_(last) {}
    constexpr iterator begin() const noexcept { return iterator(first_); }
    constexpr iterator end() const noexcept { return iterator(last_); }
    constexpr std::size_t size() const noexcept { return last_.value() - first_.value(); }

private:
    Index first_, last_;
};

/// Every index of a space of `count` elements.
template <typename Index>
constexpr IndexRange<Index> indices(std::size_t count) noexcept {
    return IndexRange<Index>(Index(0), Index(static_cast<typename Index::value_type>(count)));
}

/// A std::vector<T> that only an `Index` subscripts: a per-unit array cannot be
/// read with a territory index. Everything else is std::vector's; vector() gives
/// the plain vector where a bulk interface (a sum, a file writer) needs one.
template <typename Index, typename T>
class IndexVector {
public:
    using index_type = Index;
    using value_type = T;
    using size_type = std::size_t;
    using reference = typename std::vector<T>::reference;
    using const_reference = typename std::vector<T>::const_reference;
    using iterator = typename std::vector<T>::iterator;
    using const_iterator = typename std::vector<T>::const_iterator;

    IndexVector() = default;
    explicit IndexVector(size_type count) : values_(count) {}
    IndexVector(size_type count, const T& value) : values_(count, value) {}
    IndexVector(std::initializer_list<T> values) : values_(values) {}
    explicit IndexVector(std::vector<T> values) : values_(std::move(values)) {}

    reference operator[](Index i) { return values_[i.value()]; }
    const_reference operator[](Index i) const { return values_[i.value()]; }
    /// Bounds-checked (std::out_of_range).
    reference at(Index i) { return values_.at(i.value()); }
    const_reference at(Index i) const { return values_.at(i.value()); }

    size_type size() const noexcept { return values_.size(); }
    bool empty() const noexcept { return values_.empty(); }
    /// The index the next push_back gets (= size()).
    Index next_index() const noexcept { return Index(static_cast<typename Index::value_type>(values_.size())); }
    /// Every valid index, in order.
    IndexRange<Index> indices() const noexcept { return revir::indices<Index>(values_.size()); }

    void resize(size_type count) { values_.resize(count); }
    void resize(size_type count, const T& value) { values_.resize(count, value); }
    void assign(size_type count, const T& value) { values_.assign(count, value); }
    template <std::input_iterator Iterator>
    void assign(Iterator first, Iterator last) {
        values_.assign(first, last);
    }
    void reserve(size_type count) { values_.reserve(count); }
    void clear() noexcept { values_.clear(); }
    void push_back(const T& value) { values_.push_back(value); }
    void push_back(T&& value) { values_.push_back(std::move(value)); }
    template <typename... Args>
    reference emplace_back(Args&&... args) {
        return values_.emplace_back(std::forward<Args>(args)...);
    }
    void pop_back() { values_.pop_back(); }

    reference front() { return values_.front(); }
    const_reference front() const { return values_.front(); }
    reference back() { return values_.back(); }
    const_reference back() const { return values_.back(); }
    iterator begin() noexcept { return values_.begin(); }
    iterator end() noexcept { return values_.end(); }
    const_iterator begin() const noexcept { return values_.begin(); }
    const_iterator end() const noexcept { return values_.end(); }
    T* data() noexcept { return values_.data(); }
    const T* data() const noexcept { return values_.data(); }

    std::vector<T>& vector() noexcept { return values_; }
    const std::vector<T>& vector() const noexcept { return values_; }

    friend bool operator==(const IndexVector&, const IndexVector&) = default;

private:
    std::vector<T> values_;
};

} // namespace revir

template <typename Tag>
struct std::hash<revir::StrongIndex<Tag>> {
    std::size_t operator()(revir::StrongIndex<Tag> index) const noexcept {
        return std::hash<std::uint32_t>()(index.value());
    }
};
